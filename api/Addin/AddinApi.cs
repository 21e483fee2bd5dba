using Microsoft.AspNetCore.Http.HttpResults;
using SmimeAddin.Auth;

namespace SmimeAddin.Addin;

/// <param name="AuthMode">local (the embedded user picker) or entra (Nested App Authentication, then Office SSO).</param>
/// <param name="ClientId">The Entra app the pane signs in with; entra only.</param>
/// <param name="ApiScope">The scope the pane asks for: api://&lt;client id&gt;/access_as_user; entra only.</param>
public sealed record AddinConfig(string AuthMode, string? ClientId, string? ApiScope);

/// <summary>GET /addin/config.json: what the task pane needs before anyone signs in, so one build serves every tenant.</summary>
public static class AddinApi
{
    public static RouteHandlerBuilder MapAddin(this IEndpointRouteBuilder app) =>
        app.MapGet("/addin/config.json", (IConfiguration configuration) => TypedResults.Ok(ConfigFrom(configuration)))
            .AllowAnonymous()
            .WithTags("Add-in")
            .WithSummary("How the task pane signs in: local, or Entra ID with its client id and API scope.");

    private static AddinConfig ConfigFrom(IConfiguration configuration)
    {
        if (configuration.UsesLocalSignIn())
            return new AddinConfig("local", null, null);
        var clientId = configuration["AzureAd:ClientId"]!.Trim();
        var scope = configuration["AzureAd:Scopes"] is { Length: > 0 } configured ? configured.Split(' ')[0] : "access_as_user";
        return new AddinConfig("entra", clientId, $"api://{clientId}/{scope}");
    }
}
