using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SmimeAddin.Certificates;
using SmimeAddin.Tests.Directory.ExchangeOnline;
using SmimeAddin.Tests.Support;
using SmimeAddin.Trust;

namespace SmimeAddin.Tests.TrustedIssuers;

/// <summary>The trusted-issuer routes on Exchange Online (the adapter through the PowerShell engine and the test
/// module): a list that cannot be read is never rebuilt from "empty", and a list Exchange would refuse for its size
/// is refused before Set-SmimeConfig is called.</summary>
public sealed class TrustedIssuersExchangeTests : IDisposable
{
    private const string Route = "/api/admin/trusted-issuers";
    private readonly TestExchange exchange = new();
    private readonly TestPki pki = new("Limits");
    private readonly ApiFactory factory = new();

    public TrustedIssuersExchangeTests()
    {
        factory.On(exchange);
    }

    public void Dispose()
    {
        factory.Dispose();
        exchange.Dispose();
    }

    private static MultipartFormDataContent Form(byte[] file, string name) => new() { { new ByteArrayContent(file), "file", name } };

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task AnAdditionWhenTheCurrentListIsUnreadableIsRefusedAndTheListIsLeftAsItWas()
    {
        var before = SerializedStore.FromCertificates([pki.Root.Der]).Write();
        exchange.IssuingCa = before;
        exchange.ReturnIssuingCaAs(42);
        var client = await factory.ClientForAsync(ApiFactory.Approver);

        var response = await client.PostAsync(Route, Form(pki.Intermediate.Der, "intermediate.cer"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(0, exchange.Calls("Set-SmimeConfig"));
        Assert.Equal(before, exchange.IssuingCa);
    }

    [Fact]
    public async Task AnAdditionThatWouldMakeTheStoreLargerThan70000BytesIs422StoreTooLargeWithoutCallingSetSmimeConfig()
    {
        var before = SerializedStore.FromCertificates(pki.CasFilling(TrustedIssuerRules.MaxStoreBytes)).Write();
        exchange.IssuingCa = before;
        var client = await factory.ClientForAsync(ApiFactory.Approver);

        var response = await client.PostAsync(Route, Form(pki.Intermediate.Der, "intermediate.cer"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal("StoreTooLarge", problem.GetProperty("code").GetString());
        var size = problem.GetProperty("size").GetInt32();
        Assert.InRange(size, TrustedIssuerRules.MaxStoreBytes + 1, TrustedIssuerRules.MaxStoreBytes + 4000);
        Assert.Equal(70000, problem.GetProperty("limit").GetInt32());
        Assert.Equal($"Exchange Online refuses a trusted-issuer list larger than 70000 bytes, and this one would be {size} bytes, so nothing was changed. " +
            "Keep only the certification authorities your correspondents' certificates come from, and remove the others.",
            problem.GetProperty("title").GetString());
        Assert.Equal(0, exchange.Calls("Set-SmimeConfig"));
        Assert.Equal(before, exchange.IssuingCa);
    }

    [Fact]
    public async Task AReplacementLargerThan70000BytesIs422StoreTooLargeWithoutCallingSetSmimeConfig()
    {
        var replacement = SerializedStore.FromCertificates(pki.CasFilling(TrustedIssuerRules.MaxStoreBytes, over: true)).Write();
        var client = await factory.ClientForAsync(ApiFactory.Approver);
        var content = new ByteArrayContent(replacement) { Headers = { ContentType = new MediaTypeHeaderValue("application/vnd.ms-pki.certstore") } };

        var response = await client.PutAsync(Route, content);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal("StoreTooLarge", problem.GetProperty("code").GetString());
        Assert.Equal(replacement.Length, problem.GetProperty("size").GetInt32());
        Assert.Equal(0, exchange.Calls("Set-SmimeConfig"));
        Assert.Null(exchange.IssuingCa);
    }

    [Fact]
    public async Task ARemovalThatLeavesTheStoreLargerThan70000BytesIs422StoreTooLargeWithoutCallingSetSmimeConfig()
    {
        var cas = pki.CasFilling(TrustedIssuerRules.MaxStoreBytes + 3000);
        var before = SerializedStore.FromCertificates(cas).Write();
        exchange.IssuingCa = before; // set outside this app, when the limit was not checked
        var client = await factory.ClientForAsync(ApiFactory.Approver);

        var response = await client.DeleteAsync($"{Route}/{Convert.ToHexString(System.Security.Cryptography.SHA1.HashData(cas[0]))}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("StoreTooLarge", (await ProblemAsync(response)).GetProperty("code").GetString());
        Assert.Equal(0, exchange.Calls("Set-SmimeConfig"));
        Assert.Equal(before, exchange.IssuingCa);
    }

    [Fact]
    public async Task AnAdditionThatKeepsTheStoreWithin70000BytesIsWritten()
    {
        var client = await factory.ClientForAsync(ApiFactory.Approver);

        var response = await client.PostAsync(Route, Form(pki.Intermediate.Der, "intermediate.cer"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, exchange.Calls("Set-SmimeConfig"));
        Assert.Equal([pki.Intermediate.Der], SerializedStore.Read(exchange.IssuingCa!).Store!.CertificateDers);
    }
}
