using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmimeAddin.Certificates;
using SmimeAddin.Tests.Directory.ExchangeOnline;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.Recipients;

/// <summary>The whole app on Exchange Online: the adapter runs through the PowerShell engine against the test module.</summary>
public sealed class ExchangeOnlineCheckTests : IDisposable
{
    private readonly TestExchange exchange = new();
    private readonly TestPki pki = new();
    private readonly ApiFactory factory;

    public ExchangeOnlineCheckTests()
    {
        factory = new ApiFactory();
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["ExchangeOnline:AppId"] = exchange.AppId,
            ["ExchangeOnline:Organization"] = exchange.Organization,
            ["ExchangeOnline:CertificatePath"] = exchange.CertificatePath,
            ["ExchangeOnline:CertificatePassword"] = exchange.CertificatePassword,
            ["ExchangeOnline:ModulePath"] = TestExchange.ModulePath,
        })
            factory.With(key, value);
    }

    public void Dispose()
    {
        factory.Dispose();
        exchange.Dispose();
    }

    private async Task<HttpResponseMessage> CheckAsync(string address)
    {
        var client = await factory.ClientForAsync(ApiFactory.NoRole);
        return await client.PostAsJsonAsync("/api/recipients/check", new { recipients = new[] { new { emailAddress = address } } });
    }

    [Fact]
    public async Task AContactPublishedInExchangeOnlineIsReady()
    {
        exchange.AddContact("CravateRouge_SMIME", "cravate.rouge@fabrikam.example");
        exchange.Publish("CravateRouge_SMIME", [pki.Issue(new CertificateSpec { SanEmails = ["cravate.rouge@fabrikam.example"] }).Der]);
        var client = await factory.ClientForAsync(ApiFactory.Approver);
        await client.PutAsync("/api/admin/trusted-issuers",
            new ByteArrayContent(SerializedStore.FromCertificates([pki.Root.Der, pki.Intermediate.Der]).Write())
            { Headers = { ContentType = new("application/vnd.ms-pki.certstore") } });

        var body = await (await CheckAsync("cravate.rouge@fabrikam.example")).Content.ReadFromJsonAsync<JsonElement>();

        var result = body.GetProperty("recipients")[0];
        Assert.Equal("ready", result.GetProperty("status").GetString());
        Assert.Equal("CravateRouge_SMIME", result.GetProperty("galEntry").GetProperty("name").GetString());
    }

    [Fact]
    public async Task AThrottlingDirectoryIsServiceUnavailableWithRetryAfter()
    {
        var client = await factory.ClientForAsync(ApiFactory.NoRole);
        exchange.Throttle(calls: 20, backoff: TimeSpan.FromSeconds(7));

        var response = await client.PostAsJsonAsync("/api/recipients/check", new { recipients = new[] { new { emailAddress = "a@fabrikam.example" } } });

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(503, problem.Status);
        Assert.Equal("DirectoryThrottled", problem.Code);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
    }
}
