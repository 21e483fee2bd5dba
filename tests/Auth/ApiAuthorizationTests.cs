using System.Net.Http.Headers;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.Auth;

public sealed class ApiAuthorizationTests
{
    [Theory]
    [InlineData("GET", "/api/me")]
    [InlineData("POST", "/api/certificates/inspect")]
    public async Task ApiWithoutATokenIsUnauthorizedProblemDetails(string method, string path)
    {
        using var factory = new ApiFactory();

        var response = await factory.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(401, problem.Status);
        Assert.Equal("Unauthorized", problem.Code);
        Assert.Equal("Sign in to use this API.", problem.Title);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task ApiWithAGarbageTokenIsUnauthorized()
    {
        using var factory = new ApiFactory();
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not.a.token");

        var response = await client.GetAsync("/api/me");

        Assert.Equal(401, (await Problem.ReadAsync(response)).Status);
    }

    [Fact]
    public async Task UnauthorizedProblemSpeaksFrenchWhenAskedTo()
    {
        using var factory = new ApiFactory();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.AcceptLanguage.ParseAdd("fr-FR,fr;q=0.9");

        var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal("Connectez-vous pour utiliser cette API.", (await Problem.ReadAsync(response)).Title);
    }
}
