using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.Inspection;

/// <summary>Issue 12 through POST /api/certificates/inspect, as a user with no role.</summary>
public sealed class InspectBoundsTests : IDisposable
{
    private readonly TestPki pki = new();
    private readonly ApiFactory factory = new();

    public void Dispose() => factory.Dispose();

    private async Task<HttpResponseMessage> InspectAsync(byte[] file, string fileName = "file.pem")
    {
        var client = await factory.ClientForAsync(ApiFactory.NoRole);
        return await client.PostAsync("/api/certificates/inspect", new MultipartFormDataContent { { new ByteArrayContent(file), "file", fileName } });
    }

    private static IEnumerable<string> Codes(JsonElement certificate) =>
        certificate.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString()!);

    [Fact]
    public async Task ASameNameLoopIsAnsweredWithAVerdictForEveryCertificate()
    {
        var loop = HostileFiles.SameNameLoop(10);

        var response = await InspectAsync(HostileFiles.Pem(loop));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var certificates = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("certificates").EnumerateArray().ToList();
        Assert.Equal(11, certificates.Count);
        Assert.All(certificates, c => Assert.Contains(Codes(c), code => code is "ChainTooComplex" or "IssuerNotTrusted"));
    }

    [Fact]
    public async Task ACertificateWithA16384BitKeyGivesKeyTooLarge()
    {
        var response = await InspectAsync(HostileFiles.HugeRsaKey().GetEncoded(), "huge.cer");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var certificate = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("certificates")[0];
        Assert.Contains("KeyTooLarge", Codes(certificate));
        Assert.Equal(16384, certificate.GetProperty("keySize").GetInt32());
        Assert.False(certificate.GetProperty("usable").GetBoolean());
    }

    [Fact]
    public async Task APemOf4000CertificatesIsTooManyCertificates()
    {
        var response = await InspectAsync(HostileFiles.ManyCertificatesPem(4000));

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(422, problem.Status);
        Assert.Equal("TooManyCertificates", problem.Code);
        Assert.Contains("1000", problem.Title);
    }

    [Fact]
    public async Task TooManyCertificatesIsSaidInFrench()
    {
        var client = await factory.ClientForAsync(ApiFactory.NoRole);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/certificates/inspect")
        {
            Content = new MultipartFormDataContent { { new ByteArrayContent(HostileFiles.ManyCertificatesPem(1001)), "file", "many.pem" } },
        };
        request.Headers.AcceptLanguage.ParseAdd("fr");

        var problem = await Problem.ReadAsync(await client.SendAsync(request));

        Assert.Equal("TooManyCertificates", problem.Code);
        Assert.StartsWith("Le fichier contient plus des 1000 certificats", problem.Title);
    }

    [Fact]
    public async Task AFormWith3000FieldsIsFormTooLargeNotFileTooLarge()
    {
        var client = await factory.ClientForAsync(ApiFactory.NoRole);
        var form = new MultipartFormDataContent { { new ByteArrayContent(pki.Root.Der), "file", "root.cer" } };
        for (var i = 0; i < 3000; i++)
            form.Add(new StringContent("x"), $"field{i}");

        var problem = await Problem.ReadAsync(await client.PostAsync("/api/certificates/inspect", form));

        Assert.Equal(413, problem.Status);
        Assert.Equal("FormTooLarge", problem.Code);
    }
}
