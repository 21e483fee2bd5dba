using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Identity.Web;

namespace SmimeAddin.Auth;

/// <summary>Bearer tokens from Entra ID when <c>AzureAd:ClientId</c> is set, from local sign-in otherwise;
/// either way the same scheme and the same role policies.</summary>
public static class SignInSetup
{
    public static bool UsesLocalSignIn(this IConfiguration configuration) =>
        string.IsNullOrWhiteSpace(configuration["AzureAd:ClientId"]);

    public static WebApplicationBuilder AddSignIn(this WebApplicationBuilder builder)
    {
        var authorization = builder.Services.AddAuthorizationBuilder();
        foreach (var role in Roles.All)
            authorization.AddPolicy(role, policy => policy.RequireAuthenticatedUser().RequireRole(role));

        if (AzureAdValidation.Problems(builder.Configuration) is { Count: > 0 } problems)
            throw new InvalidOperationException(string.Join(Environment.NewLine, problems));

        if (!builder.Configuration.UsesLocalSignIn())
        {
            builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
                .AddMicrosoftIdentityWebApi(builder.Configuration.GetSection("AzureAd"));
            // A token for this API must be one the pane asked for on the user's behalf.
            authorization.SetDefaultPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder()
                .RequireAuthenticatedUser().RequireScope(builder.Configuration["AzureAd:Scopes"] ?? "access_as_user").Build());
            return builder;
        }

        builder.Services.AddOptions<LocalSignInOptions>().BindConfiguration(LocalSignInOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<LocalSigningKey>();
        builder.Services.AddSingleton<LocalTokenIssuer>();
        builder.Services.AddHostedService<LocalSignInGuard>();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<LocalTokenIssuer>((options, issuer) =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = issuer.ValidationParameters();
            });
        return builder;
    }
}
