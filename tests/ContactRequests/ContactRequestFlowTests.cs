using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmimeAddin.ContactRequests;
using ProvisioningTestSupport = SmimeAddin.Tests.ContactRequests.Provisioning.Provisioning;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.ContactRequests;

/// <summary>The whole flow on the embedded default, as the "done when" describes it.</summary>
public sealed class ContactRequestFlowTests
{
    [Fact]
    public async Task ARequestedAndApprovedContactIsReadyWithinSecondsAndEveryStepIsAudited()
    {
        using var factory = new ApiFactory().With("Notifications:Approvers:0", ApiFactory.Approver);
        var cravate = new CravateRouge();
        var requester = await factory.ClientForAsync(ApiFactory.Requester);
        var approver = await factory.ClientForAsync(ApiFactory.Approver);

        var created = await requester.PostAsync("/api/contact-requests", cravate.RequestForm());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var approved = await approver.ApproveTrustingItsCasAsync(id);
        await ProvisioningTestSupport.WaitForAsync(factory, id, r => r.Status == ContactRequestStatus.Provisioned);
        var check = await (await requester.PostAsJsonAsync("/api/recipients/check",
            new { recipients = new[] { new { emailAddress = "cravate.rouge@fabrikam.example" } } })).Content.ReadFromJsonAsync<JsonElement>();
        var audit = await approver.GetFromJsonAsync<JsonElement>($"/api/admin/audit?requestId={id}");
        var outbox = await approver.GetFromJsonAsync<JsonElement>("/api/admin/notifications/outbox");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var recipient = check.GetProperty("recipients")[0];
        Assert.Equal("ready", recipient.GetProperty("status").GetString());
        Assert.Equal("CravateRouge_SMIME", recipient.GetProperty("galEntry").GetProperty("name").GetString());
        Assert.Equal(
            ["RequestSubmitted", "RequestApproved", "ProvisioningStarted", "ContactCreated", "IssuersTrusted", "IssuersTrusted", "CertificatesSet", "ContactVerified", "RequestProvisioned"],
            audit.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("action").GetString()).Reverse());
        Assert.Equal(["RequestProvisioned", "RequestApproved", "RequestSubmitted"],
            outbox.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("kind").GetString()));
    }
}
