using System.Net.Http.Json;
using System.Text.Json;
using SmimeAddin.Certificates;
using SmimeAddin.ContactRequests;
using SmimeAddin.Directory;
using SmimeAddin.Tests.Support;
using static SmimeAddin.Tests.ContactRequests.Provisioning.Provisioning;

namespace SmimeAddin.Tests.ContactRequests.Provisioning;

/// <summary>Approved requests carried out by the real worker in the real app, on the embedded directory.</summary>
public sealed class ContactProvisionerTests : IDisposable
{
    private readonly ApiFactory factory = new();
    private readonly TestPki pki = new();

    public void Dispose() => factory.Dispose();

    private async Task<JsonElement> CheckAsync(string address)
    {
        var client = await factory.ClientForAsync(ApiFactory.NoRole);
        var response = await client.PostAsJsonAsync("/api/recipients/check", new { recipients = new[] { new { emailAddress = address } } });
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recipients")[0];
    }

    private async Task TrustAsync(params IssuedCertificate[] authorities)
    {
        var client = await factory.ClientForAsync(ApiFactory.Approver);
        var response = await client.PutAsync("/api/admin/trusted-issuers",
            new ByteArrayContent(SerializedStore.FromCertificates(authorities.Select(a => a.Der)).Write())
            { Headers = { ContentType = new("application/vnd.ms-pki.certstore") } });
        response.EnsureSuccessStatusCode();
    }

    private async Task<IReadOnlyList<string>> TrustedThumbprintsAsync() =>
        SerializedStore.Read(await DirectoryOf(factory).GetIssuingCaStoreAsync(CancellationToken.None) ?? SerializedStore.FromCertificates([]).Write())
            .Store!.CertificateDers.Select(der => Convert.ToHexString(System.Security.Cryptography.SHA1.HashData(der))).ToList();

    [Fact]
    public async Task AnApprovedRequestEndsProvisionedWithBothAttributesStoredByteForByte()
    {
        var request = Approved(pki, "lena.stork@fabrikam.example", "LenaStork_SMIME");
        await InsertAsync(factory, request);

        var done = await ProvisionAsync(factory, request.Id, ContactRequestStatus.Provisioned);

        var contact = await DirectoryOf(factory).GetRecipientAsync("LenaStork_SMIME", CancellationToken.None);
        Assert.Equal(RecipientKind.MailContact, contact!.Kind);
        Assert.Equal("lena.stork@fabrikam.example", contact.PrimarySmtpAddress);
        Assert.Equal(request.Certificate, Assert.Single(contact.UserCertificates));
        Assert.Equal(request.CertificateChain, Assert.Single(contact.UserSmimeCertificates));
        Assert.Equal(factory.Clock.GetUtcNow(), done.ProvisionedAt!.Value, TimeSpan.FromMilliseconds(1)); // stored to 0.1 ms
        Assert.Null(done.ClaimedBy);
        Assert.Equal(["ProvisioningStarted", "ContactCreated", "CertificatesSet", "ContactVerified", "RequestProvisioned"],
            (await AuditAsync(factory, request.Id)).Select(a => a.Action));
    }

    [Fact]
    public async Task AProvisionedAddressIsReadyAtOnceWithTheSmimeContactAsItsGalEntry()
    {
        await TrustAsync(pki.Root, pki.Intermediate);
        var request = Approved(pki, "lena.stork@fabrikam.example", "LenaStork_SMIME");
        await InsertAsync(factory, request);
        Assert.Equal("requestPending", (await CheckAsync("lena.stork@fabrikam.example")).GetProperty("status").GetString()); // look-up now cached

        await ProvisionAsync(factory, request.Id, ContactRequestStatus.Provisioned);

        var result = await CheckAsync("lena.stork@fabrikam.example");
        Assert.Equal("ready", result.GetProperty("status").GetString());
        Assert.Equal("LenaStork_SMIME", result.GetProperty("galEntry").GetProperty("name").GetString());
    }

    [Fact]
    public async Task AnExistingContactOfTheAddressIsReusedInsteadOfDuplicated()
    {
        await DirectoryOf(factory).CreateMailContactAsync(new("Lena_SMIME", "Lena", "lena.stork@fabrikam.example"), CancellationToken.None);
        var request = Approved(pki, "lena.stork@fabrikam.example", "LenaStork_SMIME");
        await InsertAsync(factory, request);

        await ProvisionAsync(factory, request.Id, ContactRequestStatus.Provisioned);

        var holder = Assert.Single(await HoldersAsync(factory, "lena.stork@fabrikam.example"));
        Assert.Equal("Lena_SMIME", holder.Name);
        Assert.Equal(request.Certificate, Assert.Single(holder.UserCertificates));
        Assert.Null(await DirectoryOf(factory).GetRecipientAsync("LenaStork_SMIME", CancellationToken.None));
        Assert.Contains(await AuditAsync(factory, request.Id), a => a.Action == "ContactReused");
    }

    [Fact]
    public async Task ANameTakenByAnotherRecipientFailsTheRequestAndSaysSo()
    {
        await DirectoryOf(factory).CreateMailContactAsync(new("LenaStork_SMIME", "Someone else", "someone@else.example"), CancellationToken.None);
        var request = Approved(pki, "lena.stork@fabrikam.example", "LenaStork_SMIME");
        await InsertAsync(factory, request);

        var failed = await ProvisionAsync(factory, request.Id, ContactRequestStatus.Failed);

        Assert.Contains("LenaStork_SMIME is taken", failed.LastError);
        Assert.Empty(await HoldersAsync(factory, "lena.stork@fabrikam.example"));
        Assert.Equal("ProvisioningFailed", (await AuditAsync(factory, request.Id)).Last().Action);
    }

    [Fact]
    public async Task TrustIssuerAddsTheChainsCertificationAuthoritiesOnce()
    {
        var first = Approved(pki, "lena.stork@fabrikam.example", "LenaStork_SMIME", trustIssuer: true, withRoot: true);
        var second = Approved(pki, "omar.fenn@fabrikam.example", "OmarFenn_SMIME", trustIssuer: true, withRoot: true);
        await InsertAsync(factory, first);
        await ProvisionAsync(factory, first.Id, ContactRequestStatus.Provisioned);
        await InsertAsync(factory, second);

        await ProvisionAsync(factory, second.Id, ContactRequestStatus.Provisioned);

        Assert.Equal([CertificateFacts.Sha1Thumbprint(pki.Intermediate.Certificate), CertificateFacts.Sha1Thumbprint(pki.Root.Certificate)],
            await TrustedThumbprintsAsync());
        Assert.Equal("ready", (await CheckAsync("omar.fenn@fabrikam.example")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task TrustingTheIssuersIsRecordedBeforeTheListIsWrittenAndWhenItIsDone()
    {
        var held = new HeldDirectory();
        factory.ConfigureServices = held.Install;
        var request = Approved(pki, "lena.stork@fabrikam.example", "LenaStork_SMIME", trustIssuer: true);
        await InsertAsync(factory, request);

        Wake(factory);
        await held.WriteEntered.WaitAsync(TimeSpan.FromSeconds(15));
        var beforeTheWrite = await AuditAsync(factory, request.Id);
        held.Release();
        await ProvisionAsync(factory, request.Id, ContactRequestStatus.Provisioned);

        var change = $"added: {CertificateFacts.Sha1Thumbprint(pki.Intermediate.Certificate)} ({CertificateFacts.Subject(pki.Intermediate.Certificate)}); removed: none";
        Assert.Equal(("IssuersTrusted", "Intended", change), (beforeTheWrite[^1].Action, beforeTheWrite[^1].Outcome, beforeTheWrite[^1].Details));
        Assert.Equal([("IssuersTrusted", "Intended", change), ("IssuersTrusted", "Succeeded", $"{change}; already trusted: 0.")],
            (await AuditAsync(factory, request.Id)).Where(a => a.Action == "IssuersTrusted").Select(a => (a.Action, a.Outcome, a.Details)));
    }

    [Fact]
    public async Task AnExpiredCertificationAuthorityIsNeverTrustedAndFailsTheRequest()
    {
        var expired = TestPki.Issue(pki.Root, new CertificateSpec
        {
            Subject = "CN=Expired Intermediate CA", SanEmails = [], IsCa = true, ExtendedKeyUsages = null,
            NotBefore = DateTime.UtcNow.AddYears(-3), NotAfter = DateTime.UtcNow.AddDays(-1),
        }, TestPki.Generate(KeyKind.Rsa2048));
        var request = Approved(pki, "lena.stork@fabrikam.example", "LenaStork_SMIME", trustIssuer: true, issuer: expired);
        await InsertAsync(factory, request);

        var failed = await ProvisionAsync(factory, request.Id, ContactRequestStatus.Failed);

        Assert.Contains("expired CA", failed.LastError);
        Assert.Empty(await TrustedThumbprintsAsync());
    }

    [Fact]
    public async Task TrustingACaThatWouldMakeTheListLargerThan70000BytesFailsTheRequestWithTheReasonAndWritesNothing()
    {
        var fillers = pki.CasFilling(SmimeAddin.Trust.TrustedIssuerRules.MaxStoreBytes);
        var client = await factory.ClientForAsync(ApiFactory.Approver);
        (await client.PutAsync("/api/admin/trusted-issuers", new ByteArrayContent(SerializedStore.FromCertificates(fillers).Write())
            { Headers = { ContentType = new("application/vnd.ms-pki.certstore") } })).EnsureSuccessStatusCode();
        var before = await TrustedThumbprintsAsync();
        var request = Approved(pki, "lena.stork@fabrikam.example", "LenaStork_SMIME", trustIssuer: true);
        await InsertAsync(factory, request);

        var failed = await ProvisionAsync(factory, request.Id, ContactRequestStatus.Failed);

        Assert.Matches(@"^Trusting these CAs would make the trusted-issuer list 7\d{4} bytes, over the 70000 bytes Exchange Online accepts, so nothing was changed\. " +
            @"Remove the CAs your correspondents do not use \(DELETE /api/admin/trusted-issuers/\{thumbprint\}\), then retry the request\.$", failed.LastError);
        Assert.Equal(before, await TrustedThumbprintsAsync());
    }
}
