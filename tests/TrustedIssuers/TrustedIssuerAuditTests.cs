using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmimeAddin.Audit;
using SmimeAddin.Certificates;
using SmimeAddin.Data;
using SmimeAddin.Directory;
using SmimeAddin.Tests.Directory.ExchangeOnline;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.TrustedIssuers;

/// <summary>A change of the trusted issuers is recorded before the directory is written and again after, whatever
/// the write or the client does meanwhile.</summary>
public sealed class TrustedIssuerAuditTests
{
    private const string Route = "/api/admin/trusted-issuers";
    private readonly TestPki pki = new();

    private static ByteArrayContent RawStore(params IssuedCertificate[] authorities) =>
        new(SerializedStore.FromCertificates(authorities.Select(a => a.Der)).Write())
        {
            Headers = { ContentType = new MediaTypeHeaderValue(SmimeAddin.TrustedIssuers.TrustedIssuersApi.StoreMediaType) },
        };

    private static MultipartFormDataContent Form(IssuedCertificate authority) =>
        new() { { new ByteArrayContent(authority.Der), "file", "ca.cer" } };

    private static string Described(IssuedCertificate authority) =>
        $"{CertificateFacts.Sha1Thumbprint(authority.Certificate)} ({CertificateFacts.Subject(authority.Certificate)})";

    private static async Task<List<(string Action, string Outcome, string? Details)>> AuditAsync(ApiFactory factory)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return (await db.AuditEvents.AsNoTracking().OrderBy(e => e.Id).ToListAsync()).Select(e => (e.Action, e.Outcome, e.Details)).ToList();
    }

    [Fact]
    public async Task ReplacingTheListRecordsTheCasItRemovesAndThoseItAdds()
    {
        using var factory = new ApiFactory();
        var client = await factory.ClientForAsync(ApiFactory.Approver);
        var other = new TestPki("Other").Root;
        (await client.PutAsync(Route, RawStore(pki.Root, pki.Intermediate))).EnsureSuccessStatusCode();

        (await client.PutAsync(Route, RawStore(pki.Root, other))).EnsureSuccessStatusCode();

        var change = $"added: {Described(other)}; removed: {Described(pki.Intermediate)}";
        Assert.Equal([("TrustedIssuersReplaced", AuditLog.Outcomes.Intended, change), ("TrustedIssuersReplaced", AuditLog.Outcomes.Succeeded, change)],
            (await AuditAsync(factory))[2..]);
    }

    [Fact]
    public async Task ATrustChangeWhoseDirectoryWriteFailsLeavesItsIntentAndAFailedOutcome()
    {
        using var exchange = new TestExchange();
        using var factory = new ApiFactory()
            .On(exchange);
        var client = await factory.ClientForAsync(ApiFactory.Approver);
        exchange.Fail("Set-SmimeConfig");

        var response = await client.PostAsync(Route, Form(pki.Root));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var change = $"added: {Described(pki.Root)}; removed: none";
        Assert.Equal([("TrustedIssuersAdded", AuditLog.Outcomes.Intended, change),
            ("TrustedIssuersAdded", AuditLog.Outcomes.Failed, $"Directory Unavailable: {change}")], await AuditAsync(factory));
    }

    [Fact]
    public async Task AChangeIsRecordedBeforeItsWriteAndCompletedWhenTheClientDisconnectsMeanwhile()
    {
        var held = new HeldDirectory();
        var disconnected = new ClientDisconnects();
        using var factory = new ApiFactory { ConfigureServices = services => { held.Install(services); services.AddSingleton<IStartupFilter>(disconnected); } };
        var client = await factory.ClientForAsync(ApiFactory.Approver);
        using var disconnect = new CancellationTokenSource();

        var sending = client.PostAsync(Route, Form(pki.Root), disconnect.Token);
        await held.WriteEntered.WaitAsync(TimeSpan.FromSeconds(15));
        var beforeTheWrite = await AuditAsync(factory);
        await disconnect.CancelAsync();
        await disconnected.Seen.WaitAsync(TimeSpan.FromSeconds(15)); // the app saw the client go
        held.Release();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);

        var change = $"added: {Described(pki.Root)}; removed: none";
        Assert.Equal([("TrustedIssuersAdded", AuditLog.Outcomes.Intended, change)], beforeTheWrite);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while ((await AuditAsync(factory)).Count < 2 && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        Assert.Equal([("TrustedIssuersAdded", AuditLog.Outcomes.Intended, change), ("TrustedIssuersAdded", AuditLog.Outcomes.Succeeded, change)],
            await AuditAsync(factory));
        Assert.NotNull(await factory.Services.GetRequiredService<IDirectory>().GetIssuingCaStoreAsync(CancellationToken.None));
    }

    /// <summary>Completes <see cref="Seen"/> when the app sees a trusted-issuer request aborted by its client.</summary>
    private sealed class ClientDisconnects : IStartupFilter
    {
        private readonly TaskCompletionSource seen = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Seen => seen.Task;

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                if (context.Request.Path.StartsWithSegments(Route))
                    context.RequestAborted.Register(() => seen.TrySetResult());
                return following(context);
            });
            next(app);
        };
    }
}
