using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmimeAddin.Audit;
using SmimeAddin.Certificates;
using SmimeAddin.ContactRequests;
using SmimeAddin.Data;
using SmimeAddin.Directory;
using SmimeAddin.Tests.Support;
using static SmimeAddin.Tests.ContactRequests.Provisioning.Provisioning;

namespace SmimeAddin.Tests.ContactRequests;

/// <summary>A newer certificate for the address of a contact this app provisioned is a renewal: requested while the old
/// one still works, shown to the approver as such, approved without a replacement to confirm, audited as a renewal.</summary>
public sealed class RenewalTests : IDisposable
{
    private const string Address = "lena.stork@fabrikam.example";
    private readonly ApiFactory factory = new();
    private readonly TestPki partner = new("Renewal");

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task ANewerCertificateForAContactThisAppProvisionedIsShownAsARenewal()
    {
        var old = await ProvisionedAsync(days: 10);
        var id = await RequestAsync(days: 730);

        var view = await ViewAsync(id);

        Assert.True(view.GetProperty("renewal").GetBoolean());
        Assert.Equal([old.Thumbprint], view.GetProperty("wouldReplace").EnumerateArray().Select(c => c.GetProperty("thumbprint").GetString()));
    }

    [Fact]
    public async Task ApprovingARenewalReplacesTheCertificateWithoutAConfirmationAndTheAuditSaysRenewal()
    {
        await ProvisionedAsync(days: 10);
        var id = await RequestAsync(days: 730);

        var approved = await ApproveAsync(id, new { });
        var renewed = await WaitForAsync(factory, id, r => r.Status == ContactRequestStatus.Provisioned);

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var contact = Assert.Single(await HoldersAsync(factory, Address));
        Assert.Equal("LenaStork_SMIME", contact.Name);
        Assert.Equal(renewed.Certificate, Assert.Single(contact.UserCertificates));
        Assert.StartsWith("renewal: contact LenaStork_SMIME (existing), replace ", await ApprovalAuditAsync(id));
    }

    [Fact]
    public async Task TheSameCertificateAgainForAReadyContactIsStillAlreadyReady()
    {
        var old = await ProvisionedAsync(days: 400, trusted: true);

        var response = await (await factory.ClientForAsync(ApiFactory.Requester)).PostAsync("/api/contact-requests",
            Form(SampleFiles.CertificatesOnly([DerFile.CertificateOrNull(old.Certificate)!, partner.Intermediate.Certificate])));

        var problem = await Problem.ReadAsync(response);
        Assert.Equal((409, "AlreadyReady"), (problem.Status, problem.Code));
    }

    [Fact]
    public async Task ANewerCertificateForAContactMadeByHandIsNoRenewalAndNeedsTheReplacementConfirmed()
    {
        var directory = factory.Services.GetRequiredService<IDirectory>();
        var contact = await directory.CreateMailContactAsync(new("Lena_SMIME", "Lena", Address), default);
        var older = partner.Issue(new CertificateSpec { SanEmails = [Address], NotAfter = DateTime.UtcNow.AddDays(10) });
        await directory.SetCertificatesAsync(contact.Identity, RecipientKind.MailContact, new([older.Der], []), default);
        var id = await RequestAsync(days: 730);

        var view = await ViewAsync(id);
        var refused = await ApproveAsync(id, new { });

        Assert.False(view.GetProperty("renewal").GetBoolean());
        Assert.Equal("WouldReplace", (await Problem.ReadAsync(refused)).Code);
    }

    /// <summary>Lena's contact, provisioned by this app with a certificate ending in <paramref name="days"/> days.</summary>
    private async Task<ContactRequest> ProvisionedAsync(int days, bool trusted = false)
    {
        var request = Approved(partner, Address, "LenaStork_SMIME", trustIssuer: trusted, withRoot: trusted,
            notAfter: DateTime.UtcNow.AddDays(days));
        await InsertAsync(factory, request);
        return await ProvisionAsync(factory, request.Id, ContactRequestStatus.Provisioned);
    }

    /// <summary>René asks again for Lena's contact with a certificate ending in <paramref name="days"/> days.</summary>
    private async Task<Guid> RequestAsync(int days)
    {
        var newer = partner.Issue(new CertificateSpec { Subject = "CN=Lena Stork", SanEmails = [Address], NotAfter = DateTime.UtcNow.AddDays(days) });
        var response = await (await factory.ClientForAsync(ApiFactory.Requester)).PostAsync("/api/contact-requests",
            Form(SampleFiles.CertificatesOnly([newer.Certificate, partner.Intermediate.Certificate])));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static MultipartFormDataContent Form(byte[] file) => new()
    {
        { new StringContent(Address), "emailAddress" },
        { new StringContent("Lena Stork"), "displayName" },
        { new ByteArrayContent(file), "file", "lena.p7b" },
    };

    private async Task<JsonElement> ViewAsync(Guid id) =>
        await (await factory.ClientForAsync(ApiFactory.Approver)).GetFromJsonAsync<JsonElement>($"/api/admin/contact-requests/{id}");

    private async Task<HttpResponseMessage> ApproveAsync(Guid id, object body) =>
        await (await factory.ClientForAsync(ApiFactory.Approver)).PostAsJsonAsync($"/api/admin/contact-requests/{id}/approve", body);

    private async Task<string?> ApprovalAuditAsync(Guid id)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.AuditEvents.Where(a => a.RequestId == id && a.Action == "RequestApproved").Select(a => a.Details).SingleAsync();
    }
}
