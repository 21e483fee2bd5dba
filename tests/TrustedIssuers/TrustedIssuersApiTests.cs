using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmimeAddin.Certificates;
using SmimeAddin.Directory;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.TrustedIssuers;

public sealed class TrustedIssuersApiTests
{
    private const string Route = "/api/admin/trusted-issuers";
    private readonly TestPki pki = new();

    private static ApiFactory EmptyDirectory() => new();

    private static ByteArrayContent RawStore(byte[] sst)
    {
        var content = new ByteArrayContent(sst);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.ms-pki.certstore");
        return content;
    }

    private static MultipartFormDataContent Form(byte[] file, string name = "issuers.sst") =>
        new() { { new ByteArrayContent(file), "file", name } };

    /// <summary>A store as Windows exports it with friendly names and properties this app does not know.</summary>
    private byte[] WindowsStyleStore()
    {
        var root = new SstEntry([
            new SstElement(SerializedStore.HashPropertyId, 1, System.Security.Cryptography.SHA1.HashData(pki.Root.Der)),
            new SstElement(SerializedStore.FriendlyNameId, 1, Encoding.Unicode.GetBytes("Test Root\0")),
            new SstElement(126, 1, [1, 2, 3, 4])], new SstElement(SerializedStore.CertificateId, 1, pki.Root.Der));
        var intermediate = new SstEntry([new SstElement(29, 1, [9, 9])], new SstElement(SerializedStore.CertificateId, 1, pki.Intermediate.Der));
        return new SerializedStore([root, intermediate]).Write();
    }

    private static async Task<byte[]> DownloadAsync(HttpClient client) => await client.GetByteArrayAsync(Route + ".sst");

    private static async Task<JsonElement> ListAsync(HttpClient client) => await client.GetFromJsonAsync<JsonElement>(Route);

    private static IEnumerable<string> Thumbprints(JsonElement issuers) =>
        issuers.EnumerateArray().Select(i => i.GetProperty("thumbprint").GetString()!);

    [Fact]
    public async Task AStoreOfMoreThan1000CertificatesIsTooManyCertificates()
    {
        using var factory = EmptyDirectory();
        var client = await factory.ClientForAsync(ApiFactory.Approver);
        var sst = SerializedStore.FromCertificates(Enumerable.Repeat(pki.Root.Der, 1001)).Write();

        var problem = await Problem.ReadAsync(await client.PutAsync(Route, RawStore(sst)));

        Assert.Equal(422, problem.Status);
        Assert.Equal("TooManyCertificates", problem.Code);
    }

    [Fact]
    public async Task AnIssuerWithAnRsaKeyOver8192BitsIsRefusedAsKeyTooLarge()
    {
        using var factory = EmptyDirectory();
        var client = await factory.ClientForAsync(ApiFactory.Approver);

        var problem = await Problem.ReadAsync(await client.PostAsync(Route, Form(HostileFiles.HugeRsaKey().GetEncoded(), "huge.cer")));

        Assert.Equal(422, problem.Status);
        Assert.Equal("KeyTooLarge", problem.Code);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AStoreExportedOnWindowsComesBackByteForByte(bool rawBody)
    {
        using var factory = EmptyDirectory();
        var client = await factory.ClientForAsync(ApiFactory.Approver);
        var sst = WindowsStyleStore();

        var put = await client.PutAsync(Route, rawBody ? RawStore(sst) : Form(sst));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(sst, await DownloadAsync(client));
        Assert.Equal(sst, await factory.Services.GetRequiredService<IDirectory>().GetIssuingCaStoreAsync(default));
    }

    [Fact]
    public async Task TheValidCasOfARealWindowsStoreComeBackAsWindowsWroteThem()
    {
        using var factory = EmptyDirectory();
        var client = await factory.ClientForAsync(ApiFactory.Approver);
        var windows = SerializedStore.Read(await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "windows-pinrules.sst"))).Store!;
        // Exchange Online refuses the file whole (4 of its 12 CAs have expired); its 8 valid entries, bytes untouched.
        var entries = windows.Entries.Where(e => new Org.BouncyCastle.X509.X509Certificate(e.Body.Value).NotAfter > DateTime.UtcNow).ToList();
        var valid = new SerializedStore(entries).Write();

        await client.PutAsync(Route, RawStore(valid));

        Assert.Equal(valid, await DownloadAsync(client));
        Assert.Equal(entries.Count, (await ListAsync(client)).GetArrayLength());
    }

    [Fact]
    public async Task TheListShowsEachCaWithItsValidityAndWhetherItIsARoot()
    {
        using var factory = EmptyDirectory();
        var client = await factory.ClientForAsync(ApiFactory.Approver);
        await client.PutAsync(Route, RawStore(WindowsStyleStore()));

        var issuers = (await ListAsync(client)).EnumerateArray().ToList();

        Assert.Equal([CertificateFacts.Sha1Thumbprint(pki.Root.Certificate), CertificateFacts.Sha1Thumbprint(pki.Intermediate.Certificate)],
            issuers.Select(i => i.GetProperty("thumbprint").GetString()));
        Assert.Equal([true, false], issuers.Select(i => i.GetProperty("isRoot").GetBoolean()));
        Assert.Equal("Test Root", issuers[0].GetProperty("friendlyName").GetString());
        Assert.Equal("O=SmimeAddin Tests,CN=Test Root CA", issuers[0].GetProperty("subject").GetString());
        Assert.False(issuers[0].GetProperty("expired").GetBoolean());
    }

    [Fact]
    public async Task AStoreHoldingExpiredCasIsRefusedNamingEachAndNothingIsSent()
    {
        using var factory = EmptyDirectory();
        var client = await factory.ClientForAsync(ApiFactory.Approver);
        var windows = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "windows-pinrules.sst"));

        var problem = await Problem.ReadAsync(await client.PutAsync(Route, RawStore(windows)));

        Assert.Equal(422, problem.Status);
        Assert.Equal("ExpiredIssuer", problem.Code);
        Assert.Equal(4, problem.Body.GetProperty("certificates").GetArrayLength());
        Assert.Contains("DELETE /api/admin/trusted-issuers/expired", problem.Title);
        Assert.Null(await factory.Services.GetRequiredService<IDirectory>().GetIssuingCaStoreAsync(default));
    }

    [Fact]
    public async Task AddingACaKeepsTheExistingEntriesByteForByteAndAppendsItAsWindowsWould()
    {
        using var factory = EmptyDirectory();
        var client = await factory.ClientForAsync(ApiFactory.Approver);
        var existing = WindowsStyleStore();
        await client.PutAsync(Route, RawStore(existing));
        var other = new TestPki("Other");

        var response = await client.PostAsync(Route, Form(other.Root.Der, "other-root.cer"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var expected = existing[..^12].Concat(SerializedStore.FromCertificates([other.Root.Der]).Write()[8..]).ToArray();
        Assert.Equal(expected, await DownloadAsync(client));
    }

    [Fact]
    public async Task AddingASignedMessageAddsItsCaChainAndSkipsThePersonsCertificate()
    {
        using var factory = EmptyDirectory();
        var client = await factory.ClientForAsync(ApiFactory.Approver);
        var alice = pki.Issue(new CertificateSpec());
        var message = SampleFiles.SignedMessage(alice, [alice.Certificate, pki.Intermediate.Certificate, pki.Root.Certificate]);

        var body = await (await client.PostAsync(Route, Form(message, "alice.eml"))).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal([CertificateFacts.Sha1Thumbprint(pki.Intermediate.Certificate), CertificateFacts.Sha1Thumbprint(pki.Root.Certificate)],
            Thumbprints(body.GetProperty("issuers")));
        Assert.Equal([CertificateFacts.Sha1Thumbprint(alice.Certificate)], body.GetProperty("skipped").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task AddingOnlyAPersonsCertificateIsRefused()
    {
        using var factory = EmptyDirectory();
        var client = await factory.ClientForAsync(ApiFactory.Approver);

        var problem = await Problem.ReadAsync(await client.PostAsync(Route, Form(pki.Issue(new CertificateSpec()).Der, "alice.cer")));

        Assert.Equal(422, problem.Status);
        Assert.Equal("NotACertificateAuthority", problem.Code);
        Assert.StartsWith("Only certification authorities can be trusted issuers", problem.Title);
    }

    [Fact]
    public async Task AddingAnExpiredCaIsRefused()
    {
        using var factory = EmptyDirectory();
        var client = await factory.ClientForAsync(ApiFactory.Approver);
        var expired = TestPki.SelfSigned("CN=Old Root", notAfter: DateTime.UtcNow.AddDays(-1));

        var problem = await Problem.ReadAsync(await client.PostAsync(Route, Form(expired.Der, "old.cer")));

        Assert.Equal("ExpiredIssuer", problem.Code);
        Assert.Null(await factory.Services.GetRequiredService<IDirectory>().GetIssuingCaStoreAsync(default));
    }

    [Fact]
    public async Task RemovingACaLeavesTheOthersByteForByte()
    {
        using var factory = EmptyDirectory();
        var client = await factory.ClientForAsync(ApiFactory.Approver);
        await client.PutAsync(Route, RawStore(WindowsStyleStore()));

        var response = await client.DeleteAsync($"{Route}/{CertificateFacts.Sha1Thumbprint(pki.Intermediate.Certificate).ToLowerInvariant()}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var store = SerializedStore.Read(await DownloadAsync(client)).Store!;
        Assert.Equal(SerializedStore.Read(WindowsStyleStore()).Store!.Entries[0].Properties.Select(p => p.Id), store.Entries.Single().Properties.Select(p => p.Id));
    }

    [Fact]
    public async Task RemovingAnUnknownCaIsNotFound()
    {
        using var factory = EmptyDirectory();
        var client = await factory.ClientForAsync(ApiFactory.Approver);

        var problem = await Problem.ReadAsync(await client.DeleteAsync($"{Route}/{new string('A', 40)}"));

        Assert.Equal(404, problem.Status);
        Assert.Equal("UnknownIssuer", problem.Code);
    }

    /// <summary>A list that was fine when written: the root, and an intermediate that expires in two days.</summary>
    private async Task<(HttpClient Client, IssuedCertificate ShortLived)> ListThatWillAgeAsync(ApiFactory factory)
    {
        var client = await factory.ClientForAsync(ApiFactory.Approver);
        var shortLived = TestPki.Issue(pki.Root, new CertificateSpec
        {
            Subject = "CN=Short-lived CA", SanEmails = [], IsCa = true, ExtendedKeyUsages = null,
            KeyUsage = Org.BouncyCastle.Asn1.X509.KeyUsage.KeyCertSign, NotAfter = factory.Clock.GetUtcNow().UtcDateTime.AddDays(2),
        }, TestPki.Generate(KeyKind.EcP256));
        await client.PutAsync(Route, RawStore(SerializedStore.FromCertificates([pki.Root.Der, shortLived.Der]).Write()));
        factory.Clock.Advance(TimeSpan.FromDays(3));
        return (client, shortLived);
    }

    [Fact]
    public async Task RemovingTheExpiredCasOfAListThatAgedLeavesTheValidOnes()
    {
        using var factory = EmptyDirectory();
        var (client, shortLived) = await ListThatWillAgeAsync(factory);

        var body = await (await client.DeleteAsync(Route + "/expired")).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal([CertificateFacts.Sha1Thumbprint(pki.Root.Certificate)], Thumbprints(body.GetProperty("issuers")));
        Assert.Equal([CertificateFacts.Sha1Thumbprint(shortLived.Certificate)], body.GetProperty("skipped").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task AListThatAgedShowsItsExpiredCas()
    {
        using var factory = EmptyDirectory();
        var (client, _) = await ListThatWillAgeAsync(factory);

        var issuers = await ListAsync(client);

        Assert.Equal([false, true], issuers.EnumerateArray().Select(i => i.GetProperty("expired").GetBoolean()));
    }

    [Fact]
    public async Task AddingToAListWithExpiredCasIsRefusedUntilTheyAreDropped()
    {
        using var factory = EmptyDirectory();
        var (client, shortLived) = await ListThatWillAgeAsync(factory);
        var before = await DownloadAsync(client);

        var problem = await Problem.ReadAsync(await client.PostAsync(Route, Form(new TestPki("Other").Root.Der, "other.cer")));

        Assert.Equal("ExpiredIssuer", problem.Code);
        Assert.Equal([CertificateFacts.Sha1Thumbprint(shortLived.Certificate)],
            problem.Body.GetProperty("certificates").EnumerateArray().Select(c => c.GetProperty("thumbprint").GetString()));
        Assert.Equal(before, await DownloadAsync(client));
    }

    [Theory]
    [InlineData(ApiFactory.Requester)]
    [InlineData(ApiFactory.NoRole)]
    public async Task OnlyApproversSeeOrChangeTheTrustedIssuers(string user)
    {
        using var factory = EmptyDirectory();
        var client = await factory.ClientForAsync(user);

        var problem = await Problem.ReadAsync(await client.GetAsync(Route));

        Assert.Equal(403, problem.Status);
        Assert.Equal("Forbidden", problem.Code);
    }

    [Fact]
    public async Task ABodyThatIsNeitherAFormNorAStoreIsUnsupported()
    {
        using var factory = EmptyDirectory();
        var client = await factory.ClientForAsync(ApiFactory.Approver);

        var problem = await Problem.ReadAsync(await client.PutAsync(Route, new StringContent("hello")));

        Assert.Equal(415, problem.Status);
    }

    [Fact]
    public async Task EveryChangeAndEveryRefusalIsAnAuditEvent()
    {
        using var factory = EmptyDirectory();
        var client = await factory.ClientForAsync(ApiFactory.Approver);
        await client.PutAsync(Route, RawStore(SerializedStore.FromCertificates([pki.Root.Der]).Write()));
        await client.PostAsync(Route, Form(pki.Intermediate.Der, "intermediate.cer"));
        await client.PostAsync(Route, Form(pki.Issue(new CertificateSpec()).Der, "alice.cer"));
        await client.DeleteAsync($"{Route}/{CertificateFacts.Sha1Thumbprint(pki.Intermediate.Certificate)}");

        var audit = await client.GetFromJsonAsync<JsonElement>("/api/admin/audit");

        string Ca(IssuedCertificate ca) => $"{CertificateFacts.Sha1Thumbprint(ca.Certificate)} ({CertificateFacts.Subject(ca.Certificate)})";
        Assert.Equal(
        [
            ("TrustedIssuersRemoved", "Succeeded", $"added: none; removed: {Ca(pki.Intermediate)}"),
            ("TrustedIssuersRemoved", "Intended", $"added: none; removed: {Ca(pki.Intermediate)}"),
            ("TrustedIssuersAdded", "Refused", "NotACertificateAuthority"),
            ("TrustedIssuersAdded", "Succeeded", $"added: {Ca(pki.Intermediate)}; removed: none"),
            ("TrustedIssuersAdded", "Intended", $"added: {Ca(pki.Intermediate)}; removed: none"),
            ("TrustedIssuersReplaced", "Succeeded", $"added: {Ca(pki.Root)}; removed: none"),
            ("TrustedIssuersReplaced", "Intended", $"added: {Ca(pki.Root)}; removed: none"),
        ], audit.GetProperty("events").EnumerateArray().Select(e =>
            (e.GetProperty("action").GetString(), e.GetProperty("outcome").GetString(), e.GetProperty("details").GetString())));
        Assert.All(audit.GetProperty("events").EnumerateArray(), e => Assert.Equal(ApiFactory.Approver, e.GetProperty("actor").GetString()));
    }

    [Fact]
    public async Task InspectJudgesAgainstTheOrganisationsTrustedIssuers()
    {
        using var factory = EmptyDirectory();
        var client = await factory.ClientForAsync(ApiFactory.Approver);
        await client.PutAsync(Route, RawStore(SerializedStore.FromCertificates([pki.Root.Der]).Write()));
        var alice = pki.Issue(new CertificateSpec());

        var response = await client.PostAsync("/api/certificates/inspect",
            Form(SampleFiles.CertificatesOnly(alice.Certificate, pki.Intermediate.Certificate), "alice.p7b"));

        var certificate = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("certificates")[0];
        Assert.True(certificate.GetProperty("usable").GetBoolean());
        Assert.Equal(3, certificate.GetProperty("chain").GetArrayLength());
    }
}
