using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.Hosting;

/// <summary>The app as it is deployed: `dotnet publish -c Release` output, run as its own process with a
/// production-like configuration.</summary>
public sealed class PublishedAppSmokeTests(PublishedAppSmokeTests.PublishedApp published) : IClassFixture<PublishedAppSmokeTests.PublishedApp>
{
    /// <summary>Publishes once for the class: the output is only read.</summary>
    public sealed class PublishedApp : IDisposable
    {
        public string Folder { get; } = System.IO.Directory.CreateTempSubdirectory("smimeaddin-publish-").FullName;

        public PublishedApp()
        {
            var project = Path.Combine(Repository.Root, "api", "SmimeAddin.Api.csproj");
            var (exitCode, output) = Repository.RunAsync("dotnet", $"publish \"{project}\" -c Release -o \"{Folder}\" -p:SkipPaneBuild=true",
                Repository.Root, TimeSpan.FromMinutes(5)).GetAwaiter().GetResult();
            if (exitCode != 0)
                throw new InvalidOperationException("dotnet publish failed: " + output);
        }

        public void Dispose() => System.IO.Directory.Delete(Folder, recursive: true);
    }

    private Task<AppProcess> StartAsync(params (string Key, string Value)[] settings) => AppProcess.StartAsync(published.Folder, settings);

    [Fact]
    public async Task ThePublishedAppStartsServesThePaneItsManifestAndHealthAndAnswersAReadinessCheck()
    {
        await using var app = await StartAsync(("PublicBaseUrl", "https://smime.contoso.example"));
        using var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };

        var ready = await client.GetAsync("/health/ready");
        var pane = await client.GetAsync("/taskpane.html");
        var manifest = await client.GetStringAsync("/addin/manifest.xml");
        var token = await (await client.PostAsJsonAsync("/auth/local/token", new { user = "nina.reader@contoso.example" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token.GetProperty("accessToken").GetString());
        var check = await (await client.PostAsJsonAsync("/api/recipients/check", new
        {
            recipients = new[] { new { emailAddress = "cravate.rouge@fabrikam.example" }, new { emailAddress = "paul.nobody@northwind.example" } },
        })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, pane.StatusCode); // dotnet test built the pane; publish carries it along
        Assert.Contains("https://smime.contoso.example/taskpane.html", manifest);
        Assert.Equal(["ready", "notPublished"], check.GetProperty("recipients").EnumerateArray().Select(r => r.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task ThePublishedAppTalksToExchangeOnlineThroughTheModuleItIsGiven()
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("smimeaddin-published-exo-").FullName;
        using var key = System.Security.Cryptography.RSA.Create(2048);
        using var certificate = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=SmimeAddin smoke test", key,
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var pfx = Path.Combine(folder, "app.pfx");
        await File.WriteAllBytesAsync(pfx, certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12, "pw"));
        var appId = Guid.NewGuid().ToString();
        var tenant = Path.Combine(folder, "tenant.json");
        await File.WriteAllTextAsync(tenant, JsonSerializer.Serialize(new
        {
            Organization = "smoke.onmicrosoft.com",
            AppId = appId,
            CertificateThumbprint = certificate.Thumbprint,
            Contacts = new[] { new { Name = "CravateRouge_SMIME", ExternalEmailAddress = "cravate.rouge@fabrikam.example" } },
        }));
        await using var app = await StartAsync(
            ("ExchangeOnline:AppId", appId), ("ExchangeOnline:Organization", "smoke.onmicrosoft.com"),
            ("ExchangeOnline:CertificatePath", pfx), ("ExchangeOnline:CertificatePassword", "pw"),
            ("ExchangeOnline:ModulePath", Path.Combine(AppContext.BaseDirectory, "Directory", "ExchangeOnline", "TestModule")),
            ("SMIMEADDIN_TEST_EXCHANGE_TENANT", tenant));
        using var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var token = await (await client.PostAsJsonAsync("/auth/local/token", new { user = "nina.reader@contoso.example" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token.GetProperty("accessToken").GetString());

        var check = await (await client.PostAsJsonAsync("/api/recipients/check", new
        {
            recipients = new[] { new { emailAddress = "cravate.rouge@fabrikam.example" } },
        })).Content.ReadFromJsonAsync<JsonElement>();

        var recipient = check.GetProperty("recipients")[0];
        Assert.Equal("notPublished", recipient.GetProperty("status").GetString());
        Assert.Equal("CravateRouge_SMIME", recipient.GetProperty("galEntry").GetProperty("name").GetString());
        System.IO.Directory.Delete(folder, recursive: true);
    }

    [Theory]
    [InlineData("PublicBaseUrl", "http://smime.contoso.example", "PublicBaseUrl must use https")]
    [InlineData("ExchangeOnline:AppId", "0d3b1a3e-58e6-4c1b-9a1f-3c2b6d5e4f70", "ExchangeOnline:Organization")]
    [InlineData("AzureAd:ClientId", "0d3b1a3e-58e6-4c1b-9a1f-3c2b6d5e4f70", "AzureAd:TenantId is missing")]
    public async Task AMisconfigurationStopsThePublishedAppWithASentence(string key, string value, string sentence)
    {
        var data = System.IO.Directory.CreateTempSubdirectory("smimeaddin-published-data-").FullName;
        using var process = AppProcess.Start(published.Folder, $"http://127.0.0.1:{AppProcess.FreePort()}", data, (key, value));
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();

        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains(sentence, await output + await error);
        System.IO.Directory.Delete(data, recursive: true);
    }
}
