using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.Hosting;

public sealed class BodyLimitTests
{
    private static object Recipients(int count) =>
        new { recipients = Enumerable.Range(0, count).Select(i => new { emailAddress = $"someone{i}@northwind.example" }) };

    [Fact]
    public async Task AJsonBodyOverTheLimitIsPayloadTooLarge()
    {
        using var factory = new ApiFactory().With("RequestLimits:MaxJsonBodyBytes", "1024");
        var client = await factory.ClientForAsync(ApiFactory.NoRole);

        var problem = await Problem.ReadAsync(await client.PostAsJsonAsync("/api/recipients/check", Recipients(100)));

        Assert.Equal(413, problem.Status);
        Assert.Equal("PayloadTooLarge", problem.Code);
        Assert.Equal("The request is too large.", problem.Title);
    }

    [Fact]
    public async Task AJsonBodyWithinTheLimitIsRead()
    {
        using var factory = new ApiFactory().With("RequestLimits:MaxJsonBodyBytes", "1024");
        var client = await factory.ClientForAsync(ApiFactory.NoRole);

        var response = await client.PostAsJsonAsync("/api/recipients/check", Recipients(2));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AnUploadIsAllowedItsFileLimitNotTheJsonOne()
    {
        using var factory = new ApiFactory().With("RequestLimits:MaxJsonBodyBytes", "1024");
        var client = await factory.ClientForAsync(ApiFactory.NoRole);
        var form = new MultipartFormDataContent { { new ByteArrayContent(new byte[4096]), "file", "big.cer" } };

        var problem = await Problem.ReadAsync(await client.PostAsync("/api/certificates/inspect", form));

        Assert.Equal("UnsupportedFormat", problem.Code); // read, and judged not a certificate
    }

    [Fact]
    public async Task ARequestUploadOverItsLimitIsPayloadTooLarge()
    {
        using var factory = new ApiFactory().With("Certificates:MaxFileBytes", "2048");
        var client = await factory.ClientForAsync(ApiFactory.Requester);
        var form = new MultipartFormDataContent
        {
            { new StringContent("someone@fabrikam.example"), "emailAddress" },
            { new StringContent("Someone"), "displayName" },
            { new ByteArrayContent(new byte[200 * 1024]), "file", "big.cer" },
        };

        var problem = await Problem.ReadAsync(await client.PostAsync("/api/contact-requests", form));

        Assert.Equal(413, problem.Status);
        Assert.Equal("PayloadTooLarge", problem.Code);
    }

    /// <summary>Kestrel itself, on loopback: a body sent in chunks, with no Content-Length to refuse it by, is cut off
    /// by the server as it grows past the limit; the answer is still a 413 problem, in the caller's language.</summary>
    [Theory]
    [InlineData("/api/recipients/check", "application/json")]
    [InlineData("/api/certificates/inspect", "multipart/form-data; boundary=b")]
    public async Task AChunkedBodyOverTheLimitIsPayloadTooLargeOnKestrel(string route, string contentType)
    {
        using var factory = new ApiFactory().With("Urls", "").With("RequestLimits:MaxJsonBodyBytes", "1024")
            .With("Certificates:MaxFileBytes", "2048");
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var client = await factory.ClientForAsync(ApiFactory.NoRole);
        var body = new StreamContent(new MemoryStream(ChunkedBody(contentType))); // no length: sent chunked
        body.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = body };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.AcceptLanguage.ParseAdd("fr");

        var problem = await Problem.ReadAsync(await client.SendAsync(request));

        Assert.Equal(413, problem.Status);
        Assert.Equal("PayloadTooLarge", problem.Code);
        Assert.Equal("La requête est trop volumineuse.", problem.Title);
    }

    /// <summary>A megabyte, as a form: one file part whose content runs on, so that only the body's size can stop it.
    /// (Zeros with no boundary at all were also a form whose preamble passes the form reader's own 16 KiB limit: which
    /// limit came first then hung on how much of the body had arrived when the app began reading.)</summary>
    private static byte[] ChunkedBody(string contentType)
    {
        var content = new byte[1024 * 1024];
        if (!contentType.StartsWith("multipart/", StringComparison.Ordinal))
            return content;
        Array.Fill(content, (byte)'A');
        var head = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.cer\"\r\nContent-Type: application/octet-stream\r\n\r\n"u8;
        return [.. head, .. content];
    }
}
