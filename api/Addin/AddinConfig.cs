using SmimeAddin.Auth;

namespace SmimeAddin.Addin;

/// <param name="AuthMode">local (the embedded user picker) or entra (Nested App Authentication, then Office SSO).</param>
/// <param name="ClientId">The Entra app the pane signs in with; entra only.</param>
/// <param name="ApiScope">The scope the pane asks for, under the API's Application ID URI api://host/clientId (the
/// form Office SSO requires, and the one the served manifest's WebApplicationInfo names); entra only.</param>
public sealed record AddinConfig(string AuthMode, string? ClientId, string? ApiScope)
{
    public static AddinConfig From(IConfiguration configuration, string origin)
    {
        if (configuration.UsesLocalSignIn())
            return new AddinConfig("local", null, null);
        var clientId = configuration["AzureAd:ClientId"]!.Trim();
        var scope = configuration["AzureAd:Scopes"] is { Length: > 0 } configured ? configured.Split(' ')[0] : "access_as_user";
        return new AddinConfig("entra", clientId, $"{AddinManifest.ApplicationIdUri(origin, clientId)}/{scope}");
    }
}
