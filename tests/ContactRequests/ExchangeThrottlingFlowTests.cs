using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmimeAddin.ContactRequests;
using SmimeAddin.Tests.Directory.ExchangeOnline;
using SmimeAddin.Tests.Support;
using ProvisioningTestSupport = SmimeAddin.Tests.ContactRequests.Provisioning.Provisioning;

namespace SmimeAddin.Tests.ContactRequests;

/// <summary>The whole flow on Exchange Online (the PowerShell engine and the test module) while Exchange throttles every
/// third cmdlet call, as it does under steady load: each throttled call is retried, so nothing fails.</summary>
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
        var cravate = new CravateRouge();
        var requester = await factory.ClientForAsync(ApiFactory.Requester);
        var approver = await factory.ClientForAsync(ApiFactory.Approver);
        exchange.ThrottleEvery(3, TimeSpan.FromMilliseconds(20));

        var created = await requester.PostAsync("/api/contact-requests", cravate.RequestForm());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var approved = await approver.ApproveTrustingItsCasAsync(id);
        var done = await ProvisioningTestSupport.WaitForAsync(factory, id, r => r.Status is ContactRequestStatus.Provisioned or ContactRequestStatus.Failed);
        var check = await requester.PostAsJsonAsync("/api/recipients/check",
            new { recipients = new[] { new { emailAddress = "cravate.rouge@fabrikam.example" } } });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal(ContactRequestStatus.Provisioned, done.Status);
        Assert.Equal(0, done.Attempts); // failed attempts: none
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        var recipient = (await check.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recipients")[0];
        Assert.Equal("ready", recipient.GetProperty("status").GetString());
        Assert.Equal(["cravate.rouge@fabrikam.example"], exchange.ContactAddresses);
        Assert.True(exchange.Calls("New-MailContact") >= 1);
    }
}
