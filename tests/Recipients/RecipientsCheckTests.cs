using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmimeAddin.Certificates;
using SmimeAddin.Directory;
using SmimeAddin.Recipients;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.Recipients;

public sealed class RecipientsCheckTests : IDisposable
{
    private readonly TestPki pki = new();
    private readonly ApiFactory factory = new();

    private IDirectory Directory => factory.Services.GetRequiredService<IDirectory>();

    public void Dispose() => factory.Dispose();

    /// <summary>As an admin would: the root and the intermediate, every CA that issues certificates (EXCHANGE.md).</summary>
    private async Task TrustTestRootAsync() =>
        await Directory.SetIssuingCaStoreAsync(SerializedStore.FromCertificates([pki.Root.Der, pki.Intermediate.Der]).Write(), default);

    private async Task TrustOnlyTheRootAsync() =>
        await Directory.SetIssuingCaStoreAsync(SerializedStore.FromCertificates([pki.Root.Der]).Write(), default);

    private async Task PublishContactAsync(string name, string address, byte[][] userCertificates, byte[][]? smimeCertificates = null)
    {
        await Directory.CreateMailContactAsync(new NewMailContact(name, name.Replace("_SMIME", ""), address), default);
        await Directory.SetCertificatesAsync(name, RecipientKind.MailContact, new RecipientCertificates(userCertificates, smimeCertificates ?? []), default);
    }

    private async Task<List<JsonElement>> CheckAsync(params object[] recipients)
    {
        var client = await factory.ClientForAsync(ApiFactory.NoRole);
        var response = await client.PostAsJsonAsync("/api/recipients/check", new { recipients });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recipients").EnumerateArray().ToList();
    }

    private static string Status(JsonElement recipient) => recipient.GetProperty("status").GetString()!;

    private static IEnumerable<string> Codes(JsonElement recipient) =>
        recipient.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString()!);

    private byte[] Certificate(string address, DateTime? notAfter = null) =>
        pki.Issue(new CertificateSpec { SanEmails = [address], NotAfter = notAfter ?? DateTime.UtcNow.AddDays(365) }).Der;

    [Fact]
    public async Task AContactPickedFromTheAddressBookIsReady()
    {
        await TrustTestRootAsync();
        await PublishContactAsync("CravateRouge_SMIME", "cravate.rouge@fabrikam.example", [Certificate("cravate.rouge@fabrikam.example")]);

        var result = Assert.Single(await CheckAsync(new { emailAddress = "cravate.rouge@fabrikam.example", displayName = "CravateRouge" }));

        Assert.Equal("ready", Status(result));
        Assert.Equal("CravateRouge_SMIME", result.GetProperty("galEntry").GetProperty("name").GetString());
        Assert.Equal("mailContact", result.GetProperty("galEntry").GetProperty("kind").GetString());
        Assert.Equal("Ready: Outlook on the web will encrypt to this recipient.", result.GetProperty("hint").GetString());
        Assert.Empty(Codes(result));
    }

    [Fact]
    public async Task ATypedAddressOfAContactIsReadyWithTheHintToPickTheContact()
    {
        await TrustTestRootAsync();
        await PublishContactAsync("CravateRouge_SMIME", "cravate.rouge@fabrikam.example", [Certificate("cravate.rouge@fabrikam.example")]);

        var result = Assert.Single(await CheckAsync(new { emailAddress = "cravate.rouge@fabrikam.example", displayName = "cravate.rouge@fabrikam.example" }));

        Assert.Equal("ready", Status(result));
        Assert.Equal("Pick CravateRouge_SMIME from the address book instead of typing the address: Outlook on the web encrypts only to that directory entry.",
            result.GetProperty("hint").GetString());
    }

    [Fact]
    public async Task AnAddressNobodyPublishedIsNotPublished()
    {
        var result = Assert.Single(await CheckAsync(new { emailAddress = "paul.nobody@northwind.example" }));

        Assert.Equal("notPublished", Status(result));
        Assert.Equal(JsonValueKind.Null, result.GetProperty("galEntry").ValueKind);
        Assert.StartsWith("No certificate is published for this address.", result.GetProperty("hint").GetString());
    }

    [Fact]
    public async Task AContactWithoutACertificateIsNotPublished()
    {
        await Directory.CreateMailContactAsync(new NewMailContact("Bare_SMIME", "Bare", "bare@fabrikam.example"), default);

        var result = Assert.Single(await CheckAsync(new { emailAddress = "bare@fabrikam.example" }));

        Assert.Equal("notPublished", Status(result));
        Assert.Equal("Bare_SMIME", result.GetProperty("galEntry").GetProperty("name").GetString());
    }

    [Fact]
    public async Task ACertificateFromAnIssuerTheOrganisationDoesNotTrustIsAProblem()
    {
        var jean = Certificate("jean@tailspin.example");
        await PublishContactAsync("Untrusted_SMIME", "jean@tailspin.example", [jean]);

        var result = Assert.Single(await CheckAsync(new { emailAddress = "jean@tailspin.example" }));

        Assert.Equal("problem", Status(result));
        Assert.Equal(["IssuerNotTrusted"], Codes(result));
        Assert.StartsWith("The certificate's issuer is not trusted by your organisation.", result.GetProperty("hint").GetString());
        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA1.HashData(jean)), result.GetProperty("certificate").GetProperty("thumbprint").GetString());
    }

    [Fact]
    public async Task AnExpiredCertificateIsAProblemThatSaysSo()
    {
        await TrustTestRootAsync();
        await PublishContactAsync("Old_SMIME", "old@fabrikam.example", [Certificate("old@fabrikam.example", DateTime.UtcNow.AddDays(-3))]);

        var result = Assert.Single(await CheckAsync(new { emailAddress = "old@fabrikam.example" }));

        Assert.Equal("problem", Status(result));
        Assert.Equal(["Expired"], Codes(result));
        Assert.StartsWith("The published certificate is not valid now.", result.GetProperty("hint").GetString());
    }

    [Fact]
    public async Task OfSeveralPublishedCertificatesTheOneOwaWouldUseIsReported()
    {
        await TrustTestRootAsync();
        var good = Certificate("two@fabrikam.example");
        await PublishContactAsync("Two_SMIME", "two@fabrikam.example", [Certificate("two@fabrikam.example", DateTime.UtcNow.AddDays(-3)), good]);

        var result = Assert.Single(await CheckAsync(new { emailAddress = "two@fabrikam.example" }));

        Assert.Equal("ready", Status(result));
        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA1.HashData(good)),
            result.GetProperty("certificate").GetProperty("thumbprint").GetString());
    }

    [Fact]
    public async Task ACertificateSoonToExpireIsReadyWithAWarningAndItsDaysLeft()
    {
        await TrustTestRootAsync();
        await PublishContactAsync("Soon_SMIME", "soon@fabrikam.example", [Certificate("soon@fabrikam.example", DateTime.UtcNow.AddDays(10).AddHours(1))]);

        var result = Assert.Single(await CheckAsync(new { emailAddress = "soon@fabrikam.example" }));

        Assert.Equal("ready", Status(result));
        Assert.Equal(["ExpiresSoon"], Codes(result));
        Assert.Equal(10, result.GetProperty("certificate").GetProperty("daysLeft").GetInt32());
    }

    [Fact]
    public async Task TheChainInTheUserSmimeCertificateCompletesThePathToTheTrustedRoot()
    {
        await TrustOnlyTheRootAsync();
        var alice = pki.Issue(new CertificateSpec { SanEmails = ["alice@fabrikam.example"] });
        await PublishContactAsync("Alice_SMIME", "alice@fabrikam.example", [],
            [SampleFiles.CertificatesOnly(alice.Certificate, pki.Intermediate.Certificate)]);

        var result = Assert.Single(await CheckAsync(new { emailAddress = "alice@fabrikam.example" }));

        Assert.Equal("ready", Status(result));
    }

    [Fact]
    public async Task DuplicateAndDifferentlyCasedAddressesAreOneRecipientAsFirstWritten()
    {
        var results = await CheckAsync(
            new { emailAddress = " Paul@Northwind.example " },
            new { emailAddress = "paul@northwind.example" },
            new { emailAddress = "PAUL@NORTHWIND.EXAMPLE" });

        Assert.Equal(["Paul@Northwind.example"], results.Select(r => r.GetProperty("emailAddress").GetString()));
    }

    [Fact]
    public async Task AMalformedAddressIsAProblemOfItsOwnNotAFailedRequest()
    {
        var results = await CheckAsync(new { emailAddress = "not an address" }, new { emailAddress = "" }, new { emailAddress = "paul@northwind.example" });

        Assert.Equal(["problem", "problem", "notPublished"], results.Select(Status));
        Assert.Equal(["InvalidAddress"], Codes(results[0]));
    }

    [Fact]
    public async Task MoreThanFiveHundredRecipientsIsAValidationProblem()
    {
        var client = await factory.ClientForAsync(ApiFactory.NoRole);
        var recipients = Enumerable.Range(0, 501).Select(i => new { emailAddress = $"r{i}@northwind.example" });

        var problem = await Problem.ReadAsync(await client.PostAsJsonAsync("/api/recipients/check", new { recipients }));

        Assert.Equal(400, problem.Status);
        Assert.Equal(["Check at most 500 recipients at a time."],
            problem.Body.GetProperty("errors").GetProperty("recipients").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task FiveHundredRecipientsAreAnsweredInOneCheck()
    {
        var results = await CheckAsync(Enumerable.Range(0, 500).Select(i => (object)new { emailAddress = $"r{i}@northwind.example" }).ToArray());

        Assert.Equal(500, results.Count);
    }

    [Fact]
    public async Task AChangeThisAppMakesIsSeenAtOnceWhenTheCacheForgetsTheAddress()
    {
        await TrustTestRootAsync();
        await CheckAsync(new { emailAddress = "late@fabrikam.example" });
        await PublishContactAsync("Late_SMIME", "late@fabrikam.example", [Certificate("late@fabrikam.example")]);
        factory.Services.GetRequiredService<RecipientCache>().Forget(["late@fabrikam.example"]);

        var result = Assert.Single(await CheckAsync(new { emailAddress = "late@fabrikam.example" }));

        Assert.Equal("ready", Status(result));
    }

    [Fact]
    public async Task HintsAndFindingsSpeakFrench()
    {
        var client = await factory.ClientForAsync(ApiFactory.NoRole);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/recipients/check")
        {
            Content = JsonContent.Create(new { recipients = new[] { new { emailAddress = "x" } } }),
        };
        request.Headers.AcceptLanguage.ParseAdd("fr");

        var body = await (await client.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();

        var result = body.GetProperty("recipients")[0];
        Assert.Equal("Cette adresse e-mail n'est pas valide.", result.GetProperty("findings")[0].GetProperty("message").GetString());
    }
}
