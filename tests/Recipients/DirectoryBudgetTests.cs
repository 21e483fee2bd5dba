using System.Net;
using System.Net.Http.Json;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.Recipients;

/// <summary>The readiness check is limited by what it costs the directory (addresses not in the cache), per user and
/// for the whole instance, on the app's clock.</summary>
public sealed class DirectoryBudgetTests
{
    private static string[] Addresses(int from, int count) =>
        Enumerable.Range(from, count).Select(i => $"person{i}@northwind.example").ToArray();

    private static Task<HttpResponseMessage> CheckAsync(HttpClient client, string[] addresses) =>
        client.PostAsJsonAsync("/api/recipients/check", new { recipients = addresses.Select(a => new { emailAddress = a }) });

    private static ApiFactory UserBudgetOfFive() =>
        new ApiFactory().With("RateLimits:CheckAddressesBurst", "5").With("RateLimits:CheckAddressesPerMinute", "1");

    [Fact]
    public async Task UncachedAddressesPastTheUsersBudgetAreRefusedWithRetryAfter()
    {
        using var factory = UserBudgetOfFive();
        var client = await factory.ClientForAsync(ApiFactory.NoRole);
        Assert.Equal(HttpStatusCode.OK, (await CheckAsync(client, Addresses(0, 5))).StatusCode);

        var refused = await CheckAsync(client, Addresses(5, 1));

        var problem = await Problem.ReadAsync(refused);
        Assert.Equal(429, problem.Status);
        Assert.Equal("TooManyAddresses", problem.Code);
        Assert.Equal("Too many addresses to look up in a short time. Try again in a moment.", problem.Title);
        Assert.Equal("60", Assert.Single(refused.Headers.GetValues("Retry-After"))); // one address a minute
    }

    [Fact]
    public async Task CachedAddressesCostNothingFromTheUsersBudget()
    {
        using var factory = UserBudgetOfFive();
        var client = await factory.ClientForAsync(ApiFactory.NoRole);
        await CheckAsync(client, Addresses(0, 5));

        var again = await CheckAsync(client, Addresses(0, 5));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task ACheckLargerThanARestedBudgetPassesAndTheNextWaitsForTheDebt()
    {
        using var factory = UserBudgetOfFive();
        var client = await factory.ClientForAsync(ApiFactory.NoRole);
        Assert.Equal(HttpStatusCode.OK, (await CheckAsync(client, Addresses(0, 8))).StatusCode);

        var refused = await CheckAsync(client, Addresses(8, 1));

        Assert.Equal("TooManyAddresses", (await Problem.ReadAsync(refused)).Code);
        Assert.Equal("240", Assert.Single(refused.Headers.GetValues("Retry-After"))); // 3 in debt, then 1, at one a minute
    }

    [Fact]
    public async Task OneUsersSpentBudgetDoesNotHoldBackAnother()
    {
        using var factory = UserBudgetOfFive();
        var nina = await factory.ClientForAsync(ApiFactory.NoRole);
        var rene = await factory.ClientForAsync(ApiFactory.Requester);
        await CheckAsync(nina, Addresses(0, 5));

        var response = await CheckAsync(rene, Addresses(5, 5));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task PastTheInstancesLookupsASecondAnyUsersCheckIsDirectoryBusyWithRetryAfter()
    {
        using var factory = new ApiFactory().With("RateLimits:DirectoryLookupsPerSecond", "3");
        var nina = await factory.ClientForAsync(ApiFactory.NoRole);
        var rene = await factory.ClientForAsync(ApiFactory.Requester);
        Assert.Equal(HttpStatusCode.OK, (await CheckAsync(nina, Addresses(0, 3))).StatusCode);

        var refused = await CheckAsync(rene, Addresses(3, 1));

        var problem = await Problem.ReadAsync(refused);
        Assert.Equal(503, problem.Status);
        Assert.Equal("DirectoryBusy", problem.Code);
        Assert.Equal("This server is making as many directory look-ups as it may right now. Try again in a moment.", problem.Title);
        Assert.Equal("1", Assert.Single(refused.Headers.GetValues("Retry-After")));
    }

    [Fact]
    public async Task TheInstancesLookupsComeBackAsTheClockMoves()
    {
        using var factory = new ApiFactory().With("RateLimits:DirectoryLookupsPerSecond", "3");
        var client = await factory.ClientForAsync(ApiFactory.NoRole);
        await CheckAsync(client, Addresses(0, 3));
        factory.Clock.Advance(TimeSpan.FromSeconds(1));

        var response = await CheckAsync(client, Addresses(3, 3));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task TheAddressRefusalSpeaksFrench()
    {
        using var factory = UserBudgetOfFive();
        var client = await factory.ClientForAsync(ApiFactory.NoRole);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr");
        await CheckAsync(client, Addresses(0, 5));

        var problem = await Problem.ReadAsync(await CheckAsync(client, Addresses(5, 1)));

        Assert.Equal("Trop d'adresses à rechercher en peu de temps. Réessayez dans un instant.", problem.Title);
    }
}
