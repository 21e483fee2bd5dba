using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmimeAddin.Certificates;
using SmimeAddin.ContactRequests;
using SmimeAddin.Directory;
using SmimeAddin.Tests.Support;
using static SmimeAddin.Tests.ContactRequests.Provisioning.Provisioning;

namespace SmimeAddin.Tests.ContactRequests;

/// <summary>What an approver sees and confirms: trust only by the thumbprint of a CA the request brought, warnings on
/// look-alike and new roots, and never a silent replacement of what a directory entry holds.</summary>
public sealed class ApprovalTests : IDisposable
{
    private const string Address = "bob@partner.example";
    private readonly ApiFactory factory = new();
    private readonly TestPki partner = new("Partner");

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task ApprovingWithTheOldTrustIssuerBooleanIsRefusedAndSaysSo()
    {
        var id = await RequestAsync(File(partner.Intermediate.Certificate, partner.Root.Certificate));

        var response = await (await Approver()).PostAsJsonAsync($"/api/admin/contact-requests/{id}/approve", new { trustIssuer = true });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("trustIssuers", problem.GetProperty("errors").GetProperty("trustIssuer")[0].GetString());
        Assert.Equal("Pending", (await ViewAsync(id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task AThumbprintOfACaTheRequestDidNotBringIsRefused()
    {
        var id = await RequestAsync(File(partner.Intermediate.Certificate));
        var stranger = CertificateFacts.Sha1Thumbprint(TestPki.SelfSigned("CN=Stranger Root CA").Certificate);

        var response = await ApproveAsync(id, new { trustIssuers = new[] { stranger } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(stranger, problem.GetProperty("errors").GetProperty("trustIssuers")[0].GetString());
    }

    [Fact]
    public async Task OnlyTheCasNamedByThumbprintBecomeTrusted()
    {
        var id = await RequestAsync(File(partner.Intermediate.Certificate, partner.Root.Certificate));
        var intermediate = CertificateFacts.Sha1Thumbprint(partner.Intermediate.Certificate);

        var approved = await ApproveAsync(id, new { trustIssuers = new[] { intermediate.ToLowerInvariant() } });
        await WaitForAsync(factory, id, r => r.Status == ContactRequestStatus.Provisioned);

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal([intermediate], (await approved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("trustIssuers").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal([intermediate], await TrustedThumbprintsAsync());
        var approval = (await AuditAsync(factory, id)).Single(a => a.Action == "RequestApproved");
        Assert.Contains($"trust {intermediate}", approval.Details);
    }

    [Fact]
    public async Task TheAdminViewListsEveryCaTheFileBroughtAndWarnsOfANewRoot()
    {
        var id = await RequestAsync(File(partner.Intermediate.Certificate, partner.Root.Certificate));

        var authorities = (await ViewAsync(id)).GetProperty("authorities").EnumerateArray().ToList();

        Assert.Equal([CertificateFacts.Sha1Thumbprint(partner.Intermediate.Certificate), CertificateFacts.Sha1Thumbprint(partner.Root.Certificate)],
            authorities.Select(a => a.GetProperty("thumbprint").GetString()));
        Assert.Equal([false, true], authorities.Select(a => a.GetProperty("selfSigned").GetBoolean()));
        Assert.Equal([[], ["NewRoot"]], authorities.Select(Warnings));
        Assert.Contains("CN=Partner Root CA", authorities[1].GetProperty("subject").GetString());
    }

    [Fact]
    public async Task ARootNamedLikeAPublicRootWithAnotherKeyIsALookalike()
    {
        var fake = TestPki.SelfSigned("CN=DigiCert Assured ID Root CA,O=DigiCert Inc,C=US");
        var person = TestPki.Issue(fake, new CertificateSpec { Subject = "CN=Bob", SanEmails = [Address] }, TestPki.Generate(KeyKind.Rsa2048));
        var id = await RequestAsync(SampleFiles.CertificatesOnly(person.Certificate, fake.Certificate));

        var root = Assert.Single((await ViewAsync(id)).GetProperty("authorities").EnumerateArray());

        Assert.Equal(["LookalikeIssuer", "NewRoot"], Warnings(root));
        Assert.Contains("DigiCert Assured ID Root CA", root.GetProperty("warnings")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task ACaNamedLikeATrustedCaWithAnotherKeyIsALookalike()
    {
        var trusted = TestPki.SelfSigned("CN=Contoso Trusted Root,O=Contoso");
        await DirectoryOf(factory).SetIssuingCaStoreAsync(SerializedStore.FromCertificates([trusted.Der]).Write(), default);
        var fake = TestPki.SelfSigned("CN=Contoso Trusted Root,O=Contoso");
        var person = TestPki.Issue(fake, new CertificateSpec { Subject = "CN=Bob", SanEmails = [Address] }, TestPki.Generate(KeyKind.Rsa2048));
        var id = await RequestAsync(SampleFiles.CertificatesOnly(person.Certificate, fake.Certificate));

        var root = Assert.Single((await ViewAsync(id)).GetProperty("authorities").EnumerateArray());

        Assert.Equal(["LookalikeIssuer", "NewRoot"], Warnings(root));
        Assert.False(root.GetProperty("trusted").GetBoolean());
    }

    [Fact]
    public async Task AnAddressHeldByAContactWithCertificatesNeedsReplaceExisting()
    {
        var old = await ExistingContactAsync("Bob_SMIME");
        var id = await RequestAsync(File(partner.Intermediate.Certificate));

        var view = await ViewAsync(id);
        var refused = await ApproveAsync(id, new { });

        Assert.Equal("Bob_SMIME", view.GetProperty("directoryEntry").GetProperty("name").GetString());
        Assert.Equal([old], view.GetProperty("wouldReplace").EnumerateArray().Select(c => c.GetProperty("thumbprint").GetString()));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("WouldReplace", problem.GetProperty("code").GetString());
        Assert.Equal([old], problem.GetProperty("wouldReplace").EnumerateArray().Select(c => c.GetProperty("thumbprint").GetString()));
    }

    [Fact]
    public async Task ApprovingWithReplaceExistingPublishesOnTheEntryShownUnderItsOwnName()
    {
        await ExistingContactAsync("Bob_SMIME");
        var id = await RequestAsync(File(partner.Intermediate.Certificate));

        var approved = await ApproveAsync(id, new { replaceExisting = true });
        var request = await WaitForAsync(factory, id, r => r.Status == ContactRequestStatus.Provisioned);

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("Bob_SMIME", request.ContactName);
        var holder = Assert.Single(await HoldersAsync(factory, Address));
        Assert.Equal("Bob_SMIME", holder.Name);
        Assert.Equal(request.Certificate, Assert.Single(holder.UserCertificates));
    }

    [Fact]
    public async Task AnotherNameForAnAddressAContactHoldsIsRefused()
    {
        await DirectoryOf(factory).CreateMailContactAsync(new("Bob_SMIME", "Bob", Address), default);
        var id = await RequestAsync(File(partner.Intermediate.Certificate));

        var response = await ApproveAsync(id, new { contactName = "Robert_SMIME" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("AddressHeld", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task AnAddressHeldByAMailboxIsRefusedAtApproval()
    {
        using var demo = new ApiFactory().WithDemoOrganisation();
        var rene = "rene.requester@contoso.example";
        var file = SampleFiles.CertificatesOnly(partner.Issue(new CertificateSpec { Subject = "CN=René", SanEmails = [rene] }).Certificate);
        var created = await (await demo.ClientForAsync(ApiFactory.Requester)).PostAsync("/api/contact-requests", new MultipartFormDataContent
        {
            { new StringContent(rene), "emailAddress" },
            { new StringContent("René Requester"), "displayName" },
            { new ByteArrayContent(file), "file", "rene.cer" },
        });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var response = await (await demo.ClientForAsync(ApiFactory.Approver)).PostAsJsonAsync($"/api/admin/contact-requests/{id}/approve", new { });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("AddressHeld", problem.GetProperty("code").GetString());
        Assert.Contains("rene.requester", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task ProvisioningLeavesAloneAContactThatAppearedAfterTheApproval()
    {
        var request = Approved(partner, Address, "Bob_SMIME");
        await InsertAsync(factory, request);
        var old = await ExistingContactAsync("Robert_SMIME");

        var failed = await ProvisionAsync(factory, request.Id, ContactRequestStatus.Failed);

        Assert.Contains("Robert_SMIME", failed.LastError);
        var holder = Assert.Single(await HoldersAsync(factory, Address));
        Assert.Equal(old, CertificateFacts.Sha1Thumbprint(DerFile.CertificateOrNull(Assert.Single(holder.UserCertificates))!));
    }

    [Fact]
    public async Task ProvisioningRefusesCertificatesTheApprovalDidNotShow()
    {
        var existing = await DirectoryOf(factory).CreateMailContactAsync(new("Bob_SMIME", "Bob", Address), default);
        var request = Approved(partner, Address, "Bob_SMIME");
        request.ExistingEntryIdentity = existing.Identity;
        await InsertAsync(factory, request);
        var old = await ExistingContactAsync("Bob_SMIME", create: false);

        var failed = await ProvisionAsync(factory, request.Id, ContactRequestStatus.Failed);

        Assert.Contains(old, failed.LastError);
        var holder = Assert.Single(await HoldersAsync(factory, Address));
        Assert.Equal(old, CertificateFacts.Sha1Thumbprint(DerFile.CertificateOrNull(Assert.Single(holder.UserCertificates))!));
    }

    /// <summary>A .p7b of Bob's certificate, issued by the partner's intermediate, and the CAs given.</summary>
    private byte[] File(params Org.BouncyCastle.X509.X509Certificate[] authorities) =>
        SampleFiles.CertificatesOnly([partner.Issue(new CertificateSpec { Subject = "CN=Bob Partner", SanEmails = [Address] }).Certificate, .. authorities]);

    private Task<HttpClient> Approver() => factory.ClientForAsync(ApiFactory.Approver);

    private async Task<HttpResponseMessage> ApproveAsync(Guid id, object body) =>
        await (await Approver()).PostAsJsonAsync($"/api/admin/contact-requests/{id}/approve", body);

    private async Task<JsonElement> ViewAsync(Guid id) =>
        await (await Approver()).GetFromJsonAsync<JsonElement>($"/api/admin/contact-requests/{id}");

    private async Task<Guid> RequestAsync(byte[] file)
    {
        var requester = await factory.ClientForAsync(ApiFactory.Requester);
        var response = await requester.PostAsync("/api/contact-requests", new MultipartFormDataContent
        {
            { new StringContent(Address), "emailAddress" },
            { new StringContent("Bob Partner"), "displayName" },
            { new ByteArrayContent(file), "file", "bob.p7b" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>A contact for the address made by hand, holding an older certificate of Bob's; its thumbprint.</summary>
    private async Task<string> ExistingContactAsync(string name, bool create = true)
    {
        var directory = DirectoryOf(factory);
        var contact = create ? await directory.CreateMailContactAsync(new(name, "Bob", Address), default) : (await directory.GetRecipientAsync(name, default))!;
        var older = partner.Issue(new CertificateSpec { Subject = "CN=Bob (2024)", SanEmails = [Address] });
        await directory.SetCertificatesAsync(contact.Identity, RecipientKind.MailContact, new([older.Der], []), default);
        return CertificateFacts.Sha1Thumbprint(older.Certificate);
    }

    private async Task<List<string?>> TrustedThumbprintsAsync() =>
        (await (await Approver()).GetFromJsonAsync<JsonElement>("/api/admin/trusted-issuers")).EnumerateArray()
        .Select(i => i.GetProperty("thumbprint").GetString()).ToList();

    private static List<string?> Warnings(JsonElement authority) =>
        authority.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("code").GetString()).ToList();
}
