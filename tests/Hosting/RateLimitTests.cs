using System.Net;
using System.Net.Http.Json;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.Hosting;

/// <summary>Buckets of 2 that take a minute to refill one token: the third call in a row is refused, whatever the clock.</summary>
public sealed class RateLimitTests
{
    private static ApiFactory Limited(string route) => new ApiFactory().With($"RateLimits:{route}Burst", "2").With($"RateLimits:{route}PerMinute", "1");

    private static Task<HttpResponseMessage> CheckAsync(HttpClient client) =>
        client.PostAsJsonAsync("/api/recipients/check", new { recipients = new[] { new { emailAddress = "paul.nobody@northwind.example" } } });

    private static MultipartFormDataContent FormWithoutAFile() => new() { { new StringContent("someone@fabrikam.example"), "emailAddress" } };

    [Fact]
    public async Task ChecksPastTheBurstAreRefusedWithRetryAfterInWholeSeconds()
    {
        using var factory = Limited("Check");
        var client = await factory.ClientForAsync(ApiFactory.NoRole);
        Assert.Equal(HttpStatusCode.OK, (await CheckAsync(client)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await CheckAsync(client)).StatusCode);

        var refused = await CheckAsync(client);

        var problem = await Problem.ReadAsync(refused);
        Assert.Equal(429, problem.Status);
        Assert.Equal("TooManyRequests", problem.Code);
        Assert.Equal("urn:smimeaddin:problem:TooManyRequests", problem.Type);
        Assert.Equal("Too many requests in a short time. Try again in a moment.", problem.Title);
        var seconds = int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")));
        Assert.InRange(seconds, 1, 60);
    }

    [Fact]
    public async Task OneUsersLimitDoesNotHoldBackAnother()
    {
        using var factory = Limited("Check");
        var nina = await factory.ClientForAsync(ApiFactory.NoRole);
        var rene = await factory.ClientForAsync(ApiFactory.Requester);
        for (var i = 0; i < 3; i++)
            await CheckAsync(nina);

        var response = await CheckAsync(rene);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task TheRefusalSpeaksFrench()
    {
        using var factory = Limited("Check");
        var client = await factory.ClientForAsync(ApiFactory.NoRole);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr");
        for (var i = 0; i < 2; i++)
            await CheckAsync(client);

        var problem = await Problem.ReadAsync(await CheckAsync(client));

        Assert.Equal("Trop de requêtes en peu de temps. Réessayez dans un instant.", problem.Title);
    }

    [Theory]
    [InlineData("Inspect", "/api/certificates/inspect")]
    [InlineData("Request", "/api/contact-requests")]
    public async Task UploadsHaveTheirOwnLimit(string limit, string route)
    {
        using var factory = Limited(limit);
        var client = await factory.ClientForAsync(ApiFactory.Requester);
        // Refused for want of a file (400): the bucket counts every call, whatever its answer.
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync(route, FormWithoutAFile())).StatusCode);

        var problem = await Problem.ReadAsync(await client.PostAsync(route, FormWithoutAFile()));

        Assert.Equal("TooManyRequests", problem.Code);
        Assert.Equal(HttpStatusCode.OK, (await CheckAsync(client)).StatusCode); // the check has a bucket of its own
    }
}
