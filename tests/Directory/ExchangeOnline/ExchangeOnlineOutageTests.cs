using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using SmimeAddin.Directory;
using SmimeAddin.Telemetry;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.Directory.ExchangeOnline;

/// <summary>Short outages and Exchange's replication lag, call by call: a failed cmdlet runs again within the
/// operation's retry budget on the same session, and every call Exchange sees is counted by the adapter itself.</summary>
public sealed class ExchangeOnlineOutageTests
{
    private static readonly TestPki Pki = new("ExchangeOutages");
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task AShortOutageIsRiddenOutWithinTheRetryBudgetWithoutConnectingAgain()
    {
        using var exchange = new TestExchange();
        exchange.AddMailbox("Alice Martin", "alice@contoso.example");
        using var directory = exchange.Directory(poolSize: 1);
        await directory.FindRecipientsAsync(["alice@contoso.example"], Ct);
        exchange.Outage(calls: 3);

        var found = await directory.FindRecipientsAsync(["alice@contoso.example"], Ct);

        Assert.Equal("Alice Martin", Assert.Single(found).Name);
        Assert.Equal(1, exchange.Calls("Connect-ExchangeOnline"));
        Assert.Equal(2 * 4 + 3, new[] { "Get-Recipient", "Get-Mailbox", "Get-MailUser", "Get-MailContact" }.Sum(exchange.Calls));
    }

    [Fact]
    public async Task AContactNotYetReplicatedIsGivenItsCertificatesAndReadBackAfterBriefRetries()
    {
        using var exchange = new TestExchange();
        using var directory = exchange.Directory();
        var person = Pki.Issue(new CertificateSpec { Subject = "CN=Lena Stork", SanEmails = ["lena.stork@fabrikam.example"] });
        exchange.ReplicationLag(calls: 2);

        var contact = await directory.CreateMailContactAsync(new("LenaStork_SMIME", "Lena Stork", "lena.stork@fabrikam.example"), Ct);
        await directory.SetCertificatesAsync(contact.Identity, RecipientKind.MailContact, new([person.Der], []), Ct);
        var stored = await directory.GetRecipientAsync(contact.Identity, Ct);

        Assert.Equal(person.Der, Assert.Single(stored!.UserCertificates));
        Assert.Equal(3, exchange.Calls("Set-MailContact")); // not found twice, then set
    }

    [Fact]
    public async Task ANotFoundForAnythingNotJustCreatedIsFinalAtOnce()
    {
        using var exchange = new TestExchange();
        using var directory = exchange.Directory();

        var failure = await Assert.ThrowsAsync<DirectoryException>(() =>
            directory.SetCertificatesAsync("Nobody_SMIME", RecipientKind.MailContact, new([], []), Ct));

        Assert.Equal(DirectoryFailure.NotFound, failure.Failure);
        Assert.Equal(1, exchange.Calls("Set-MailContact"));
    }

    [Fact]
    public async Task EveryCmdletCallIsCountedByTheAdapterWithItsOutcomeRetriesAndTrustedIssuerReadsIncluded()
    {
        using var exchange = new TestExchange();
        exchange.AddMailbox("Alice Martin", "alice@contoso.example");
        using var calls = new MetricCollector<long>(exchange.Meters, SmimeMetrics.MeterName, "smimeaddin.directory.calls");
        using var directory = exchange.Directory(poolSize: 1);
        await directory.GetIssuingCaStoreAsync(Ct);
        exchange.Throttle(calls: 1, backoff: TimeSpan.FromMilliseconds(10));

        await directory.FindRecipientsAsync(["alice@contoso.example"], Ct);

        var counted = calls.GetMeasurementSnapshot().Select(m => $"{m.Tags["operation"]} {m.Tags["outcome"]}").ToList();
        Assert.Equal(["Connect-ExchangeOnline success", "Get-MailContact success", "Get-MailUser success", "Get-Mailbox success",
            "Get-Recipient success", "Get-SmimeConfig success"], counted.Where(c => c.EndsWith(" success")).Order(StringComparer.Ordinal));
        Assert.Single(counted, c => c.EndsWith(" Throttled")); // the throttled call, run again above
    }
}
