using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SmimeAddin.Certificates;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.Inspection;

public sealed class InspectApiTests
{
    private readonly TestPki pki = new();

    private static MultipartFormDataContent Form(byte[] file, string fileName = "alice.cer", string? emailAddress = null)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(file), "file", fileName } };
        if (emailAddress is not null)
            form.Add(new StringContent(emailAddress), "emailAddress");
        return form;
    }

    private static async Task<HttpResponseMessage> InspectAsync(ApiFactory factory, HttpContent content, string? language = null)
    {
        var client = await factory.ClientForAsync(ApiFactory.NoRole);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/certificates/inspect") { Content = content };
        if (language is not null)
            request.Headers.AcceptLanguage.ParseAdd(language);
        return await client.SendAsync(request);
    }

    private static async Task<JsonElement> OkBodyAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task InspectDescribesADerCertificate()
    {
        using var factory = new ApiFactory();
        var alice = pki.Issue(new CertificateSpec());

        var body = await OkBodyAsync(await InspectAsync(factory, Form(alice.Der)));

        Assert.Equal("DerCertificate", body.GetProperty("format").GetString());
        var certificate = Assert.Single(body.GetProperty("certificates").EnumerateArray());
        Assert.Equal(CertificateFacts.Sha1Thumbprint(alice.Certificate), certificate.GetProperty("thumbprint").GetString());
        Assert.Equal(CertificateFacts.Sha256Thumbprint(alice.Certificate), certificate.GetProperty("sha256").GetString());
        Assert.Equal("CN=Alice Martin", certificate.GetProperty("subject").GetString());
        Assert.Equal(["alice@example.org"], certificate.GetProperty("emailAddresses").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal("RSA", certificate.GetProperty("keyAlgorithm").GetString());
        Assert.Equal(2048, certificate.GetProperty("keySize").GetInt32());
        Assert.Equal(["digitalSignature", "keyEncipherment"], certificate.GetProperty("keyUsages").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal(["emailProtection"], certificate.GetProperty("extendedKeyUsages").EnumerateArray().Select(e => e.GetString()!));
        Assert.False(certificate.GetProperty("signedTheFile").GetBoolean());
    }

    [Fact]
    public async Task UntilTheOrganisationTrustsIssuersEveryCertificateHasAnUntrustedIssuer()
    {
        using var factory = new ApiFactory();
        var alice = pki.Issue(new CertificateSpec());

        var body = await OkBodyAsync(await InspectAsync(factory, Form(alice.Der, emailAddress: "alice@example.org")));

        var certificate = body.GetProperty("certificates")[0];
        Assert.False(certificate.GetProperty("usable").GetBoolean());
        var finding = Assert.Single(certificate.GetProperty("findings").EnumerateArray());
        Assert.Equal("IssuerNotTrusted", finding.GetProperty("code").GetString());
        Assert.Equal("error", finding.GetProperty("severity").GetString());
        Assert.Equal("The certificate's issuer (O=SmimeAddin Tests,CN=Test Intermediate CA) is not in the organisation's trusted issuers.",
            finding.GetProperty("message").GetString());
    }

    [Fact]
    public async Task InspectJudgesEachCertificateForTheGivenAddress()
    {
        using var factory = new ApiFactory();
        var alice = pki.Issue(new CertificateSpec());

        var body = await OkBodyAsync(await InspectAsync(factory, Form(alice.Der, emailAddress: "bob@example.org")));

        var codes = body.GetProperty("certificates")[0].GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString());
        Assert.Equal(["AddressMismatch", "IssuerNotTrusted"], codes);
    }

    [Fact]
    public async Task FindingsSpeakFrenchWhenTheCallerDoes()
    {
        using var factory = new ApiFactory();
        var alice = pki.Issue(new CertificateSpec());

        var body = await OkBodyAsync(await InspectAsync(factory, Form(alice.Der, emailAddress: "bob@example.org"), "fr-CH, fr;q=0.9, en;q=0.8"));

        var finding = body.GetProperty("certificates")[0].GetProperty("findings")[0];
        Assert.Equal("Le certificat est établi pour alice@example.org, et non pour bob@example.org.", finding.GetProperty("message").GetString());
    }

    [Fact]
    public async Task InspectListsASignedMessagesCertificatesInFileOrderAndMarksTheSigner()
    {
        using var factory = new ApiFactory();
        var alice = pki.Issue(new CertificateSpec());
        var message = SampleFiles.SignedMessage(alice, [alice.Certificate, pki.Intermediate.Certificate]);

        var body = await OkBodyAsync(await InspectAsync(factory, Form(message, "signed.eml")));

        Assert.Equal("SignedMessage", body.GetProperty("format").GetString());
        var certificates = body.GetProperty("certificates").EnumerateArray().ToList();
        Assert.Equal(
            [(CertificateFacts.Sha1Thumbprint(alice.Certificate), true), (CertificateFacts.Sha1Thumbprint(pki.Intermediate.Certificate), false)],
            certificates.Select(c => (c.GetProperty("thumbprint").GetString()!, c.GetProperty("signedTheFile").GetBoolean())));
    }

    [Fact]
    public async Task InspectReadsAWindowsSerializedStore()
    {
        using var factory = new ApiFactory();
        var store = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "windows-pinrules.sst"));

        var body = await OkBodyAsync(await InspectAsync(factory, Form(store, "pinrules.sst")));

        Assert.Equal("SerializedStore", body.GetProperty("format").GetString());
        Assert.Equal("F18B538D1BE903B6A6F056435B171589CAF36BF2", body.GetProperty("certificates")[0].GetProperty("thumbprint").GetString());
        Assert.Equal(12, body.GetProperty("certificates").GetArrayLength());
    }

    public static TheoryData<string, int, string> Refusals() => new()
    {
        { "empty", 400, "EmptyFile" },
        { "pfx", 422, "PrivateKey" },
        { "pem-key", 422, "PrivateKey" },
        { "enveloped", 422, "EncryptedMessage" },
        { "truncated", 422, "CorruptFile" },
        { "png", 415, "UnsupportedFormat" },
        { "empty-bundle", 422, "NoCertificate" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task RefusedFilesAreProblemDetailsWithTheirReason(string sample, int status, string code)
    {
        using var factory = new ApiFactory();

        var problem = await Problem.ReadAsync(await InspectAsync(factory, Form(Sample(sample))));

        Assert.Equal(status, problem.Status);
        Assert.Equal(code, problem.Code);
        Assert.Equal("urn:smimeaddin:problem:" + code, problem.Type);
    }

    [Fact]
    public async Task PrivateKeyRefusalTellsThePersonWhatToSendInstead()
    {
        using var factory = new ApiFactory();

        var problem = await Problem.ReadAsync(await InspectAsync(factory, Form(Sample("pfx"), "alice.pfx")));

        Assert.Equal("This file holds a private key; send only the public certificate.", problem.Title);
    }

    [Fact]
    public async Task FileOverTheConfiguredLimitIsTooLarge()
    {
        using var factory = new ApiFactory().With("Certificates:MaxFileBytes", "2048");

        var problem = await Problem.ReadAsync(await InspectAsync(factory, Form(new byte[2049])));

        Assert.Equal(413, problem.Status);
        Assert.Equal("FileTooLarge", problem.Code);
        Assert.Equal("The file is larger than the 2048 bytes allowed.", problem.Title);
    }

    [Fact]
    public async Task RequestFarOverTheLimitIsTooLargeNotAServerError()
    {
        using var factory = new ApiFactory();

        var problem = await Problem.ReadAsync(await InspectAsync(factory, Form(new byte[12 * 1024 * 1024])));

        Assert.Equal(413, problem.Status);
        Assert.Equal("PayloadTooLarge", problem.Code); // refused from Content-Length, before the form is read
    }

    [Fact]
    public async Task BodyThatIsNotAFormIsUnsupportedMediaType()
    {
        using var factory = new ApiFactory();

        var problem = await Problem.ReadAsync(await InspectAsync(factory, JsonContent.Create(new { file = "MIIB" })));

        Assert.Equal(415, problem.Status);
        Assert.Equal("UnsupportedMediaType", problem.Code);
    }

    [Fact]
    public async Task FormWithoutAFileIsAValidationProblem()
    {
        using var factory = new ApiFactory();
        var form = new MultipartFormDataContent { { new StringContent("alice@example.org"), "emailAddress" } };

        var problem = await Problem.ReadAsync(await InspectAsync(factory, form));

        Assert.Equal(400, problem.Status);
        Assert.Equal("Validation", problem.Code);
        Assert.Equal(["Choose a file to send."], problem.Body.GetProperty("errors").GetProperty("file").EnumerateArray().Select(e => e.GetString()!));
    }

    [Theory]
    [InlineData("not an address")]
    [InlineData("Alice <alice@example.org>")]
    public async Task InvalidEmailAddressIsAValidationProblem(string emailAddress)
    {
        using var factory = new ApiFactory();

        var problem = await Problem.ReadAsync(await InspectAsync(factory, Form(pki.Issue(new CertificateSpec()).Der, emailAddress: emailAddress)));

        Assert.Equal(400, problem.Status);
        Assert.True(problem.Body.GetProperty("errors").TryGetProperty("emailAddress", out _));
    }

    [Fact]
    public async Task BrokenMultipartIsABadRequestNotAServerError()
    {
        using var factory = new ApiFactory();
        var content = new ByteArrayContent("--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nabc"u8.ToArray());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=xyz");

        var problem = await Problem.ReadAsync(await InspectAsync(factory, content));

        Assert.Equal(400, problem.Status);
    }

    private byte[] Sample(string name)
    {
        var alice = pki.Issue(new CertificateSpec());
        return name switch
        {
            "empty" => [],
            "pfx" => SampleFiles.Pfx(alice, "secret"),
            "pem-key" => SampleFiles.Pem("PRIVATE KEY", SampleFiles.PrivateKeyInfo(alice)),
            "enveloped" => SampleFiles.Enveloped(alice.Certificate),
            "truncated" => alice.Der[..(alice.Der.Length / 2)],
            "png" => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D],
            "empty-bundle" => SampleFiles.CertificatesOnly(),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }
}
