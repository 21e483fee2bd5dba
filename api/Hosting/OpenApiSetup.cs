using Microsoft.OpenApi;

namespace SmimeAddin.Hosting;

/// <summary>Swagger UI at /swagger and the document at /swagger/v1/swagger.json, with the bearer scheme.</summary>
public static class OpenApiSetup
{
    private const string Bearer = "Bearer";

    public static IServiceCollection AddSmimeOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        return services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "SmimeAddin API",
                Version = "v1",
                Description = "Readiness of recipients for S/MIME-encrypted mail in Outlook on the web, and the " +
                    "requests, approvals and Exchange provisioning that publish external recipients' certificates. " +
                    "Errors are RFC 9457 problem details with a stable `code`.",
            });
            options.AddSecurityDefinition(Bearer, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "An Entra ID access token for this API, or a local token from POST /auth/local/token.",
            });
            options.AddSecurityRequirement(document => new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(Bearer, document)] = [],
            });
            var xml = Path.Combine(AppContext.BaseDirectory, "SmimeAddin.Api.xml");
            if (File.Exists(xml))
                options.IncludeXmlComments(xml);
        });
    }

    public static WebApplication UseSmimeOpenApi(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(options => options.SwaggerEndpoint("/swagger/v1/swagger.json", "SmimeAddin API v1"));
        return app;
    }
}
