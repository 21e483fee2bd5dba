using System.Net.Http.Json;
using SmimeAddin.Directory;
using SmimeAddin.Tests.Directory.ExchangeOnline;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.Hosting;

/// <summary>The whole app on Exchange Online whose app lacks an Exchange role (the test module's connect leaves the
/// role's cmdlets out): the API and /health/ready say which cmdlet and which role, plainly and for good.</summary>
public sealed class DirectoryForbiddenTests : IDisposable
{
    private readonly TestExchange exchange = new();
    private readonly ApiFactory factory = new();

    public DirectoryForbiddenTests()
    {
        factory.On(exchange);
    }

    public void Dispose()
    {
        factory.Dispose();
        exchange.Dispose();
    }

    private async Task<HttpResponseMessage> CheckAsync(string? language = null)
    {
        var client = await factory.ClientForAsync(ApiFactory.NoRole);
        if (language is not null)
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return await client.PostAsJsonAsync("/api/recipients/check", new { recipients = new[] { new { emailAddress = "a@fabrikam.example" } } });
    }

    [Fact]
    public async Task AMissingRoleIsBadGatewayDirectoryForbiddenNamingTheCmdletAndTheRoleWithoutRetryAfter()
    {
        exchange.Withhold("Get-Recipient");

        var response = await CheckAsync();

        var problem = await Problem.ReadAsync(response);
        Assert.Equal((502, "DirectoryForbidden"), (problem.Status, problem.Code));
        Assert.Null(response.Headers.RetryAfter);
        Assert.Equal("Get-Recipient needs the Exchange role View-Only Recipients or Mail Recipients; nothing was changed.",
            problem.Body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AMissingRoleIsSaidInFrenchToAFrenchCaller()
    {
        exchange.Withhold("Get-Recipient");

        var problem = await Problem.ReadAsync(await CheckAsync("fr"));

        Assert.Equal("DirectoryForbidden", problem.Code);
        Assert.StartsWith("Get-Recipient demande le rôle Exchange", problem.Body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AMissingRoleForTheTrustedIssuersMakesTheAppUnreadyNamingTheCmdletAndTheRole()
    {
        exchange.Withhold("Get-SmimeConfig");

        var response = await factory.CreateClient().GetAsync("/health/ready");

        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var directory = body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "directory");
        Assert.Equal("Unhealthy", directory.GetProperty("status").GetString());
        Assert.Equal("Forbidden: Exchange Online does not let this app run Get-SmimeConfig: it needs the Exchange role "
            + "View-Only Configuration or Organization Configuration.", directory.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task ACmdletRefusedForAMissingRoleMakesTheAppDegradedNamingItUntilItSucceeds()
    {
        exchange.Withhold("New-MailContact");
        var directory = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IDirectory>(factory.Services);
        await Assert.ThrowsAsync<DirectoryException>(() =>
            directory.CreateMailContactAsync(new NewMailContact("Jean_SMIME", "Jean", "jean@fabrikam.example"), CancellationToken.None));

        var response = await factory.CreateClient().GetAsync("/health/ready");

        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var check = body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "directory");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Degraded", check.GetProperty("status").GetString());
        Assert.Equal("Forbidden: Exchange Online does not let this app run New-MailContact: it needs the Exchange role Mail Recipient Creation.",
            check.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task ARefusedSignInIsForbiddenSayingWhatTheAppNeeds()
    {
        exchange.RefuseSignIn = true;

        var problem = await Problem.ReadAsync(await CheckAsync());

        Assert.Equal((502, "DirectoryForbidden"), (problem.Status, problem.Code));
        Assert.Contains("Exchange.ManageAsApp", problem.Body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AnUnreadableDirectoryValueIsBadGatewayDirectoryUnreadable()
    {
        using var failing = new ApiFactory
        {
            ConfigureServices = services => Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions
                .AddSingleton<IDirectory>(services, new UnreadableDirectory()),
        };
        var client = await failing.ClientForAsync(ApiFactory.NoRole);

        var response = await client.PostAsJsonAsync("/api/recipients/check", new { recipients = new[] { new { emailAddress = "a@fabrikam.example" } } });

        var problem = await Problem.ReadAsync(response);
        Assert.Equal((502, "DirectoryUnreadable"), (problem.Status, problem.Code));
        Assert.Null(response.Headers.RetryAfter);
    }

    private sealed class UnreadableDirectory : IDirectory
    {
        private static Task<T> Fail<T>() =>
            Task.FromException<T>(new DirectoryException(DirectoryFailure.Unreadable, "UserCertificate came back as a Hashtable."));

        public Task<IReadOnlyList<DirectoryRecipient>> FindRecipientsAsync(IReadOnlyCollection<string> addresses, CancellationToken ct) =>
            Fail<IReadOnlyList<DirectoryRecipient>>();
        public Task<DirectoryRecipient?> GetRecipientAsync(string identity, CancellationToken ct) => Fail<DirectoryRecipient?>();

        public Task<IReadOnlyList<DirectoryRecipient>> ListAsync(RecipientKind kind, CancellationToken ct) => Fail<IReadOnlyList<DirectoryRecipient>>();
        public Task<DirectoryRecipient> CreateMailContactAsync(NewMailContact contact, CancellationToken ct) => Fail<DirectoryRecipient>();
        public Task SetCertificatesAsync(string identity, RecipientKind kind, RecipientCertificates certificates, CancellationToken ct) => Fail<bool>();
        public Task<byte[]?> GetIssuingCaStoreAsync(CancellationToken ct) => Fail<byte[]?>();
        public Task SetIssuingCaStoreAsync(byte[] serializedStore, CancellationToken ct) => Fail<bool>();
    }
}
