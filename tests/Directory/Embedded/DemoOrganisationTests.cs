using Microsoft.EntityFrameworkCore;
using Org.BouncyCastle.X509;
using SmimeAddin.Certificates;
using SmimeAddin.Directory;
using SmimeAddin.Directory.Embedded;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.Directory.Embedded;

public sealed class DemoOrganisationTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private TestDatabase database = null!;
    private EmbeddedDirectory directory = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.MigratedAsync();
        directory = new EmbeddedDirectory(database, TimeProvider.System, TestMetrics.Create());
        await using var db = database.CreateDbContext();
        await DemoOrganisation.SeedAsync(db, TimeProvider.System, None);
    }

    public Task DisposeAsync()
    {
        database.Dispose();
        return Task.CompletedTask;
    }

    private async Task<Verdict> JudgeAsync(DirectoryRecipient recipient, byte[] certificate)
    {
        var store = SerializedStore.Read(await directory.GetIssuingCaStoreAsync(None)).Store!;
        var trusted = store.CertificateDers.Select(der => new X509CertificateParser().ReadCertificate(der)).ToArray();
        return CertificateJudge.Judge(new X509CertificateParser().ReadCertificate(certificate), recipient.PrimarySmtpAddress, trusted, [],
            DateTimeOffset.UtcNow);
    }

    [Theory]
    [InlineData("ada.admin@contoso.example", "ada.admin", "")]
    [InlineData("rene.requester@contoso.example", "rene.requester", "Expired")]
    [InlineData("m.dupont@contoso.example", "marc.dupont", "")]
    [InlineData("cravate.rouge@fabrikam.example", "CravateRouge_SMIME", "")]
    [InlineData("jean.untrusted@tailspin.example", "Untrusted_SMIME", "IssuerNotTrusted")]
    public async Task EachDemoRecipientsCertificateJudgesAsDocumented(string address, string name, string errors)
    {
        var recipient = Assert.Single(await directory.FindRecipientsAsync([address], None));

        var verdict = await JudgeAsync(recipient, Assert.Single(recipient.UserCertificates));

        Assert.Equal(name, recipient.Name);
        Assert.Equal(errors, string.Join(",", verdict.Findings.Where(f => f.Severity == Severity.Error).Select(f => f.Code)));
    }

    [Fact]
    public async Task NinaHasAMailboxWithoutCertificatesAndPaulIsNotInTheDirectory()
    {
        var found = await directory.FindRecipientsAsync(["nina.reader@contoso.example", "paul.nobody@northwind.example"], None);

        var nina = Assert.Single(found);
        Assert.Equal((RecipientKind.Mailbox, 0, 0), (nina.Kind, nina.UserCertificates.Count, nina.UserSmimeCertificates.Count));
    }

    [Fact]
    public async Task TrustedIssuersAreTheDemoRootAndItsIssuingCa()
    {
        var store = SerializedStore.Read(await directory.GetIssuingCaStoreAsync(None)).Store!;

        var subjects = store.CertificateDers.Select(der => CertificateFacts.Subject(new X509CertificateParser().ReadCertificate(der)));

        Assert.Equal(["CN=SmimeAddin Demo Root CA,O=SmimeAddin Demo", "CN=SmimeAddin Demo Issuing CA,O=SmimeAddin Demo"], subjects);
    }

    [Fact]
    public async Task ContactsPublishTheirChainAsCertsOnlyPkcs7Too()
    {
        var contact = (await directory.GetRecipientAsync("CravateRouge_SMIME", None))!;

        var read = CertificateReader.Read(Assert.Single(contact.UserSmimeCertificates)).File!;

        Assert.Equal(CertificateFileFormat.Pkcs7CertificatesOnly, read.Format);
        // DER sorts the certificates SET by encoding, so their order is the bytes', not the chain's.
        Assert.Equal(["CN=Cravate Rouge", "CN=SmimeAddin Demo Issuing CA,O=SmimeAddin Demo"],
            read.Certificates.Select(c => CertificateFacts.Subject(c.Certificate)).Order());
        Assert.Contains(contact.UserCertificates[0], read.Certificates.Select(c => c.Certificate.GetEncoded()));
    }

    [Fact]
    public async Task GoodCertificatesAreRsa2048AndValidForAboutTwoYears()
    {
        var ada = (await directory.GetRecipientAsync("ada.admin", None))!;

        var certificate = new X509CertificateParser().ReadCertificate(ada.UserCertificates[0]);

        Assert.Equal("RSA 2048", CertificateFacts.Key(certificate).Description);
        Assert.InRange((certificate.NotAfter - DateTime.UtcNow).TotalDays, 700, 732);
    }

    [Fact]
    public async Task SeedingAgainLeavesOneDemoOrganisation()
    {
        await using (var db = database.CreateDbContext())
            await DemoOrganisation.SeedAsync(db, TimeProvider.System, None);

        await using var check = database.CreateDbContext();
        Assert.Equal(6, await check.DirectoryRecipients.CountAsync());
        Assert.Equal(1, await check.DirectoryIssuingCaStores.CountAsync());
        Assert.Equal(1, await check.DataSeeds.CountAsync());
    }
}
