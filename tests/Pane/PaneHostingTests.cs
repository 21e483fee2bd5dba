using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using SmimeAddin.Hosting;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.Pane;

[Collection(PaneCollection.Name)]
public sealed partial class PaneHostingTests
{
    [Fact]
    public async Task TaskpaneIsServedWithTheContentSecurityPolicyAndNoSniff()
    {
        await PaneBuild.EnsureBuiltAsync();
        using var factory = new ApiFactory();

        var response = await factory.CreateClient().GetAsync("/taskpane.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(PaneHosting.ContentSecurityPolicy, csp);
        Assert.Contains("script-src 'self' https://appsforoffice.microsoft.com;", csp);
        Assert.Contains("connect-src 'self' https://login.microsoftonline.com https://graph.microsoft.com;", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        // Outlook frames the pane from several origins of its own: nothing may forbid it.
        Assert.DoesNotContain("frame-ancestors", csp);
        Assert.False(response.Headers.Contains("X-Frame-Options"));
        Assert.False(response.Headers.Contains("Cross-Origin-Resource-Policy"));
    }

    [Fact]
    public async Task TaskpaneLoadsOfficeJsFromTheCdnAndHasNoInlineScriptOrStyle()
    {
        await PaneBuild.EnsureBuiltAsync();
        using var factory = new ApiFactory();
        var client = factory.CreateClient();

        var page = await client.GetStringAsync("/taskpane.html");

        Assert.Contains("<script src=\"https://appsforoffice.microsoft.com/lib/1/hosted/office.js\"></script>", page);
        Assert.All(ScriptTag().Matches(page), tag => Assert.Contains(" src=", tag.Value));
        Assert.DoesNotMatch("<style|style=", page);
        foreach (Match asset in AssetReference().Matches(page))
        {
            var response = await client.GetAsync(asset.Groups[1].Value);
            Assert.True(response.IsSuccessStatusCode, asset.Groups[1].Value);
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        }
    }

    [Fact]
    public async Task AddinConfigSaysLocalSignInByDefault()
    {
        using var factory = new ApiFactory();

        var config = await factory.CreateClient().GetFromJsonAsync<Dictionary<string, string?>>("/addin/config.json");

        Assert.Equal("local", config!["authMode"]);
        Assert.Null(config["clientId"]);
    }

    [Fact]
    public async Task AddinConfigGivesTheEntraClientAndApiScopeWhenConfigured()
    {
        using var factory = new ApiFactory().With("AzureAd:ClientId", "11111111-2222-3333-4444-555555555555")
            .With("AzureAd:TenantId", "7f5c2c39-3c1c-4f8a-9a55-1b7e0c6a2f11").With("AzureAd:Instance", "https://login.microsoftonline.com/")
            .With("PublicBaseUrl", "https://smime.contoso.com");

        var config = await factory.CreateClient().GetFromJsonAsync<Dictionary<string, string?>>("/addin/config.json");

        Assert.Equal("entra", config!["authMode"]);
        Assert.Equal("11111111-2222-3333-4444-555555555555", config["clientId"]);
        Assert.Equal("api://smime.contoso.com/11111111-2222-3333-4444-555555555555/access_as_user", config["apiScope"]);
    }

    [GeneratedRegex("<script\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();

    [GeneratedRegex("(?:src|href)=\"(/assets/[^\"]+)\"")]
    private static partial Regex AssetReference();
}
