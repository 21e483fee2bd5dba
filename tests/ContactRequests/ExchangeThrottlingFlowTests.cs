using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmimeAddin.ContactRequests;
using SmimeAddin.Tests.Directory.ExchangeOnline;
using SmimeAddin.Tests.Support;
using ProvisioningTestSupport = SmimeAddin.Tests.ContactRequests.Provisioning.Provisioning;

namespace SmimeAddin.Tests.ContactRequests;

/// <summary>The whole flow on Exchange Online (the PowerShell engine and the test module) while Exchange throttles every
/// third cmdlet call, as it does under steady load, goes down for a moment, or shows a new contact only a moment after
/// making it: each such call is run again, so nothing fails.</summary>
public sealed class ExchangeThrottlingFlowTests : IDisposable
{
    private readonly TestExchange exchange = new();
    private readonly ApiFactory factory;

    public ExchangeThrottlingFlowTests()
    {
        factory = new ApiFactory().With("Notifications:Approvers:0", ApiFactory.Approver)
            .On(exchange);
    }

    public void Dispose()
    {
        factory.Dispose();
        exchange.Dispose();
    }

    [Fact]
    public async Task ARequestApprovedWhileEveryThirdCallIsThrottledEndsProvisionedAndReadyWithoutAFailedAttempt()
    {
        exchange.ThrottleEvery(3, TimeSpan.FromMilliseconds(20));

        var (done, status) = await RequestApproveAndCheckAsync();

        Assert.Equal((ContactRequestStatus.Provisioned, 0, "ready"), (done.Status, done.Attempts, status)); // failed attempts: none
        Assert.Equal(["cravate.rouge@fabrikam.example"], exchange.ContactAddresses);
    }

    [Fact]
    public async Task ARequestApprovedDuringAShortOutageEndsProvisionedAndReadyWithoutAFailedAttempt()
    {
        exchange.Outage(calls: 4);

        var (done, status) = await RequestApproveAndCheckAsync();

        Assert.Equal((ContactRequestStatus.Provisioned, 0, "ready"), (done.Status, done.Attempts, status));
        Assert.Equal(["cravate.rouge@fabrikam.example"], exchange.ContactAddresses);
    }

    [Fact]
    public async Task AContactExchangeShowsOnlyAMomentAfterCreatingItIsProvisionedWithoutAFailedAttempt()
    {
        exchange.ReplicationLag(calls: 2);

        var (done, status) = await RequestApproveAndCheckAsync();

        Assert.Equal((ContactRequestStatus.Provisioned, 0, "ready"), (done.Status, done.Attempts, status));
        Assert.Equal(1, exchange.Calls("New-MailContact"));
    }

    /// <summary>The requester asks for Cravate Rouge's contact, the approver approves trusting its CAs, provisioning
    /// ends, and the requester checks the address: the request as stored and the status the check answers.</summary>
    private async Task<(ContactRequest Done, string? Status)> RequestApproveAndCheckAsync()
    {
        var cravate = new CravateRouge();
        var requester = await factory.ClientForAsync(ApiFactory.Requester);
        var approver = await factory.ClientForAsync(ApiFactory.Approver);

        var created = await requester.PostAsync("/api/contact-requests", cravate.RequestForm());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await approver.ApproveTrustingItsCasAsync(id)).StatusCode);
        var done = await ProvisioningTestSupport.WaitForAsync(factory, id, r => r.Status is ContactRequestStatus.Provisioned or ContactRequestStatus.Failed);
        var check = await requester.PostAsJsonAsync("/api/recipients/check",
            new { recipients = new[] { new { emailAddress = "cravate.rouge@fabrikam.example" } } });
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        var recipient = (await check.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recipients")[0];
        return (done, recipient.GetProperty("status").GetString());
    }
}
