using System.Net;
using System.Net.Http.Json;
using SmimeAddin.Hosting;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.Hosting;

public sealed class SecurityHeadersTests
{
    public static TheoryData<string, string, HttpStatusCode> Routes => new()
    {
        { "GET", "/api/me", HttpStatusCode.OK },
        { "POST", "/api/recipients/check", HttpStatusCode.OK },
        { "GET", "/api/admin/audit", HttpStatusCode.Forbidden },
        { "GET", "/api/no-such-route", HttpStatusCode.NotFound },
        { "GET", "/no-such-page", HttpStatusCode.NotFound },
        { "GET", "/health/live", HttpStatusCode.OK },
        { "GET", "/swagger/v1/swagger.json", HttpStatusCode.OK },
        { "GET", "/addin/manifest.xml", HttpStatusCode.OK },
        { "GET", "/", HttpStatusCode.OK },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task EveryResponseForbidsSniffingAndReferrers(string method, string path, HttpStatusCode expected)
    {
        using var factory = new ApiFactory();

        var response = await SendAsync(await factory.ClientForAsync(ApiFactory.NoRole), method, path);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.False(response.Headers.Contains("X-Frame-Options"), "Outlook frames the pane from its own origins");
    }

    [Theory]
    [InlineData("GET", "/api/me")]
    [InlineData("POST", "/api/recipients/check")]
    [InlineData("GET", "/api/admin/audit")]
    [InlineData("GET", "/api/no-such-route")]
    public async Task ApiAnswersAndTheirProblemsAreNeverCachedNorFramed(string method, string path)
    {
        using var factory = new ApiFactory();

        var response = await SendAsync(await factory.ClientForAsync(ApiFactory.NoRole), method, path);

        Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store");
        Assert.Equal(SecurityHeaders.JsonContentSecurityPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Cross-Origin-Resource-Policy")));
    }

    [Fact]
    public async Task AProblemWithoutSignInCarriesTheHeadersToo()
    {
        using var factory = new ApiFactory();

        var response = await factory.CreateClient().GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store");
    }

    [Fact]
    public async Task TheManifestIconsStayLoadableFromOutlooksOrigins()
    {
        using var factory = new ApiFactory();

        var response = await factory.CreateClient().GetAsync("/addin/assets/icon-32.png");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Cross-Origin-Resource-Policy"));
        Assert.Null(response.Headers.CacheControl); // Outlook refuses icons sent with Cache-Control
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path) =>
        method == "POST"
            ? client.PostAsJsonAsync(path, new { recipients = new[] { new { emailAddress = "paul.nobody@northwind.example" } } })
            : client.GetAsync(path);
}
