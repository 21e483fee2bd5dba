using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace SmimeAddin.Addin;

/// <summary>GET /addin/manifest.xml (ready to upload in the Microsoft 365 admin center or to sideload) and the icons it names.</summary>
public static class AddinApi
{
    public static IServiceCollection AddAddin(this IServiceCollection services)
    {
        services.AddOptions<AddinOptions>()
            .Configure<IConfiguration>((options, configuration) =>
            {
                options.PublicBaseUrl = configuration["PublicBaseUrl"];
                options.Id = configuration["Addin:Id"] ?? AddinOptions.CheckedInId;
            })
            .ValidateOnStart();
        return services.AddSingleton<IValidateOptions<AddinOptions>, AddinOptionsValidation>();
    }

    public static RouteGroupBuilder MapAddin(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/addin").WithTags("Add-in").AllowAnonymous();
        group.MapGet("/manifest.xml", GetManifest).WithSummary("The Outlook add-in manifest with this deployment's URLs.")
            .Produces(StatusCodes.Status200OK, contentType: "application/xml");
        group.MapGet("/config.json", GetConfig)
            .WithSummary("How the task pane signs in: local, or Entra ID with its client id and API scope.");
        group.MapGet("/assets/{name}", GetAsset).ExcludeFromDescription();
        return group;
    }

    private static Ok<AddinConfig> GetConfig(HttpRequest request, IOptions<AddinOptions> options, IConfiguration configuration) =>
        TypedResults.Ok(AddinConfig.From(configuration, Origin(request, options.Value)));

    /// <summary>PublicBaseUrl when set (behind a proxy the request's own origin is an internal one), else the request's:
    /// only in Development or with local sign-in, since the app refuses to start otherwise.</summary>
    private static string Origin(HttpRequest request, AddinOptions options) =>
        options.PublicBaseUrl is { Length: > 0 } configured ? configured : $"{request.Scheme}://{request.Host}";

    private static ContentHttpResult GetManifest(HttpRequest request, IOptions<AddinOptions> options, IConfiguration configuration)
    {
        // An admin downloads it once to upload it; a cache between must not hand out one built for another origin.
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        var origin = Origin(request, options.Value);
        var clientId = configuration["AzureAd:ClientId"] is { Length: > 0 } id ? id : null;
        var manifest = AddinManifest.For(origin, options.Value.Id, clientId);
        return TypedResults.Content(manifest.Declaration + Environment.NewLine + manifest, "application/xml; charset=utf-8");
    }

    /// <summary>Icons without Cache-Control: Outlook refuses icons from a host that sends it.</summary>
    private static Results<FileStreamHttpResult, NotFound> GetAsset(string name)
    {
        var stream = name.EndsWith(".png", StringComparison.Ordinal)
            ? typeof(AddinApi).Assembly.GetManifestResourceStream("SmimeAddin.Addin.Assets." + name)
            : null;
        return stream is null ? TypedResults.NotFound() : TypedResults.File(stream, "image/png");
    }
}
