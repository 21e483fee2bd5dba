using System.Net;
using SmimeAddin.ContactRequests;
using SmimeAddin.ContactRequests.Provisioning;
using SmimeAddin.Directory;
using SmimeAddin.Tests.Directory.ExchangeOnline;
using SmimeAddin.Tests.Support;
using static SmimeAddin.Tests.ContactRequests.Provisioning.Provisioning;

namespace SmimeAddin.Tests.ContactRequests.Provisioning;

/// <summary>Transient failures on Exchange Online (the adapter through the PowerShell engine and the test module):
/// retried with back-off, given up after the limit; and the admin's retry of a failed request.</summary>
public sealed class ProvisioningRetryTests : IDisposable
{
    private readonly TestExchange exchange = new();
    private readonly TestPki pki = new();
    private readonly ApiFactory factory = new();

    public ProvisioningRetryTests()
    {
        factory.On(exchange).With("Provisioning:MaxAttempts", "3")
            .With("ExchangeOnline:BackgroundCallRetryBudget", "00:00:00"); // the provisioner's own back-off, not the adapter's per-call retry
    }

    public void Dispose()
    {
        factory.Dispose();
        exchange.Dispose();
    }

    [Fact]
    public async Task ThrottlingIsRetriedWithBackOffThatHonoursRetryAfterUntilItSucceeds()
    {
        var request = Approved(pki, "lena.stork@fabrikam.example", "LenaStork_SMIME");
        await InsertAsync(factory, request);
        exchange.Throttle(calls: 1, backoff: TimeSpan.FromSeconds(45));

        var first = await ProvisionAsync(factory, request.Id, ContactRequestStatus.Approved, r => r.Attempts == 1);
        Assert.Equal(factory.Clock.GetUtcNow() + TimeSpan.FromSeconds(45), first.NextAttemptAt!.Value, TimeSpan.FromMilliseconds(1)); // asked for more than 10 s
        exchange.Throttle(calls: 1, backoff: TimeSpan.FromSeconds(1));
        factory.Clock.Advance(TimeSpan.FromSeconds(45));
        var second = await ProvisionAsync(factory, request.Id, ContactRequestStatus.Approved, r => r.Attempts == 2);
        Assert.Equal(factory.Clock.GetUtcNow() + TimeSpan.FromSeconds(20), second.NextAttemptAt!.Value, TimeSpan.FromMilliseconds(1)); // 10 s doubled
        factory.Clock.Advance(TimeSpan.FromSeconds(20));

        var done = await ProvisionAsync(factory, request.Id, ContactRequestStatus.Provisioned);

        Assert.Equal(2, done.Attempts);
        Assert.Equal(1, exchange.Calls("New-MailContact"));
        var contact = await DirectoryOf(factory).GetRecipientAsync("LenaStork_SMIME", CancellationToken.None);
        Assert.Equal(request.Certificate, Assert.Single(contact!.UserCertificates));
        Assert.Equal(request.CertificateChain, Assert.Single(contact.UserSmimeCertificates));
    }

    [Fact]
    public async Task ThrottlingThatLastsFailsTheRequestAfterMaxAttempts()
    {
        var request = Approved(pki, "lena.stork@fabrikam.example", "LenaStork_SMIME");
        await InsertAsync(factory, request);
        exchange.Throttle(calls: 1000, backoff: TimeSpan.FromSeconds(1));

        for (var attempt = 1; attempt < 3; attempt++)
        {
            await ProvisionAsync(factory, request.Id, ContactRequestStatus.Approved, r => r.Attempts == attempt);
            factory.Clock.Advance(TimeSpan.FromMinutes(1));
        }
        var failed = await ProvisionAsync(factory, request.Id, ContactRequestStatus.Failed);

        Assert.Equal(3, failed.Attempts);
        Assert.Null(failed.NextAttemptAt);
        Assert.Contains("throttling", failed.LastError);
        Assert.Equal(0, exchange.Calls("New-MailContact"));
        var audit = (await AuditAsync(factory, request.Id)).Select(a => a.Action).ToList();
        Assert.Equal(2, audit.Count(a => a == "ProvisioningRetryScheduled"));
        Assert.Equal("ProvisioningFailed", audit.Last());
    }

    [Fact]
    public async Task AMissingExchangeRoleFailsTheRequestAtOnceNamingTheCmdletAndTheRole()
    {
        exchange.Withhold("New-MailContact");
        var request = Approved(pki, "lena.stork@fabrikam.example", "LenaStork_SMIME");
        await InsertAsync(factory, request);

        var failed = await ProvisionAsync(factory, request.Id, ContactRequestStatus.Failed);

        Assert.Null(failed.NextAttemptAt); // final: no retry is scheduled
        Assert.Contains("New-MailContact", failed.LastError);
        Assert.Contains("the Exchange role Mail Recipient Creation", failed.LastError);
        Assert.Empty(exchange.ContactAddresses);
    }

    [Fact]
    public async Task RetryMovesAFailedRequestBackToApprovedAndItIsThenProvisioned()
    {
        var request = Approved(pki, "lena.stork@fabrikam.example", "LenaStork_SMIME");
        request.Status = ContactRequestStatus.Failed;
        request.Attempts = 3;
        request.LastError = "The directory was throttling while looking up the contact.";
        await InsertAsync(factory, request);
        var client = await factory.ClientForAsync(ApiFactory.Approver);

        var response = await client.PostAsync($"/api/admin/contact-requests/{request.Id}/retry", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var done = await WaitForAsync(factory, request.Id, r => r.Status == ContactRequestStatus.Provisioned); // the route woke the worker
        Assert.Equal(0, done.Attempts);
        Assert.Equal(request.LastError, done.LastError); // kept for the record
        var retried = Assert.Single(await AuditAsync(factory, request.Id), a => a.Action == "RetryRequested");
        Assert.Equal(ApiFactory.Approver, retried.Actor);
        Assert.NotNull(await DirectoryOf(factory).GetRecipientAsync("LenaStork_SMIME", CancellationToken.None));
    }
}
