using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmimeAddin.Directory;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.Hosting;

public sealed class ReadinessHealthTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> ReadyAsync(ApiFactory factory)
    {
        var response = await factory.CreateClient().GetAsync("/health/ready");
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static JsonElement Check(JsonElement body, string name) =>
        body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    [Fact]
    public async Task ReadyNamesTheDatabaseAndTheDirectoryBothHealthy()
    {
        using var factory = new ApiFactory();

        var (status, body) = await ReadyAsync(factory);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal("Healthy", Check(body, "database").GetProperty("status").GetString());
        Assert.Equal("Healthy", Check(body, "directory").GetProperty("status").GetString());
    }

    [Fact]
    public async Task AnUnreachableDatabaseMakesTheAppUnreadyAndIsNamed()
    {
        // Not migrated at start, so the app runs; the database file's folder does not exist, so nothing can open it.
        using var factory = new ApiFactory().With("Database:MigrateOnStart", "false")
            .With("ConnectionStrings:Smime", "Data Source=/nonexistent-folder/smimeaddin.db;Mode=ReadWrite");

        var (status, body) = await ReadyAsync(factory);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        Assert.Equal("Unhealthy", Check(body, "database").GetProperty("status").GetString());
    }

    [Theory]
    [InlineData(DirectoryFailure.Unavailable, HttpStatusCode.ServiceUnavailable, "Unhealthy")]
    [InlineData(DirectoryFailure.Throttled, HttpStatusCode.OK, "Degraded")]
    public async Task AFailingDirectoryIsNamedWithItsFailureButNotItsWords(DirectoryFailure failure, HttpStatusCode expected, string health)
    {
        using var factory = new ApiFactory
        {
            ConfigureServices = services => services.AddSingleton<IDirectory>(new FailingDirectory(failure)),
        };

        var (status, body) = await ReadyAsync(factory);

        Assert.Equal(expected, status);
        var directory = Check(body, "directory");
        Assert.Equal(health, directory.GetProperty("status").GetString());
        Assert.Equal(failure.ToString(), directory.GetProperty("reason").GetString());
        Assert.DoesNotContain(FailingDirectory.Secret, body.GetRawText());
    }

    [Fact]
    public async Task AThousandReadyProbesInAMinuteMakeTwoDirectoryReads()
    {
        var directory = new CountingDirectory();
        using var factory = new ApiFactory { ConfigureServices = services => services.AddSingleton<IDirectory>(directory) };
        var client = factory.CreateClient();

        for (var probe = 0; probe < 1000; probe++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
            factory.Clock.Advance(TimeSpan.FromMilliseconds(59)); // 1,000 probes over 59 s
        }

        Assert.Equal(2, directory.IssuingCaStoreReads);
    }

    [Fact]
    public async Task AFailingDirectoryIsAlsoAskedAgainOnlyAfterThirtySeconds()
    {
        var directory = new CountingDirectory { Failure = DirectoryFailure.Unavailable };
        using var factory = new ApiFactory { ConfigureServices = services => services.AddSingleton<IDirectory>(directory) };
        var client = factory.CreateClient();
        await client.GetAsync("/health/ready");
        factory.Clock.Advance(TimeSpan.FromSeconds(29));
        directory.Failure = null;

        var (stillDown, _) = await ReadyAsync(factory);
        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        var (up, _) = await ReadyAsync(factory);

        Assert.Equal((HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK), (stillDown, up));
        Assert.Equal(2, directory.IssuingCaStoreReads);
    }

    /// <summary>An empty directory that counts the reads of its issuing-CA store, and fails them while told to.</summary>
    private sealed class CountingDirectory : IDirectory
    {
        private int reads;

        public int IssuingCaStoreReads => Volatile.Read(ref reads);

        public DirectoryFailure? Failure { get; set; }

        public Task<byte[]?> GetIssuingCaStoreAsync(CancellationToken ct)
        {
            Interlocked.Increment(ref reads);
            return Failure is { } failure
                ? Task.FromException<byte[]?>(new DirectoryException(failure, "down"))
                : Task.FromResult<byte[]?>(null);
        }

        public Task<IReadOnlyList<DirectoryRecipient>> FindRecipientsAsync(IReadOnlyCollection<string> addresses, CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<DirectoryRecipient>>([]);
        public Task<DirectoryRecipient?> GetRecipientAsync(string identity, CancellationToken ct) => Task.FromResult<DirectoryRecipient?>(null);

        public Task<IReadOnlyList<DirectoryRecipient>> ListAsync(RecipientKind kind, CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<DirectoryRecipient>>([]);
        public Task<DirectoryRecipient> CreateMailContactAsync(NewMailContact contact, CancellationToken ct) => throw new NotSupportedException();
        public Task SetCertificatesAsync(string identity, RecipientKind kind, RecipientCertificates certificates, CancellationToken ct) =>
            throw new NotSupportedException();
        public Task SetIssuingCaStoreAsync(byte[] serializedStore, CancellationToken ct) => throw new NotSupportedException();
    }

    [Fact]
    public async Task LiveAsksNothingOfTheDatabaseOrTheDirectory()
    {
        using var factory = new ApiFactory
        {
            ConfigureServices = services => services.AddSingleton<IDirectory>(new FailingDirectory(DirectoryFailure.Unavailable)),
        };

        var response = await factory.CreateClient().GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    private sealed class FailingDirectory(DirectoryFailure failure) : IDirectory
    {
        public const string Secret = "password=hunter2";

        private Task<T> Fail<T>() => Task.FromException<T>(new DirectoryException(failure, "Connect-ExchangeOnline failed: " + Secret));

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
