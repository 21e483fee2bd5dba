using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.Hosting;

/// <summary>Buckets of 2 that take a minute to refill one token: the third call in a row is refused, whatever the clock.</summary>
public sealed class RateLimitTests
{
    private static ApiFactory Limited(string route) => new ApiFactory().With($"RateLimits:{route}Burst", "2").With($"RateLimits:{route}PerMinute", "1");

    private static Task<HttpResponseMessage> CheckAsync(HttpClient client) =>
        client.PostAsJsonAsync("/api/recipients/check", new { recipients = new[] { new { emailAddress = "paul.nobody@northwind.example" } } });

    private static MultipartFormDataContent FormWithoutAFile() => new() { { new StringContent("someone@fabrikam.example"), "emailAddress" } };

    [Fact]
    public async Task ChecksPastTheBurstAreRefusedWithRetryAfterInWholeSeconds()
    {
        using var factory = Limited("Check");
        var client = await factory.ClientForAsync(ApiFactory.NoRole);
        Assert.Equal(HttpStatusCode.OK, (await CheckAsync(client)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await CheckAsync(client)).StatusCode);

        var refused = await CheckAsync(client);

        var problem = await Problem.ReadAsync(refused);
        Assert.Equal(429, problem.Status);
        Assert.Equal("TooManyRequests", problem.Code);
        Assert.Equal("urn:smimeaddin:problem:TooManyRequests", problem.Type);
        Assert.Equal("Too many requests in a short time. Try again in a moment.", problem.Title);
        var seconds = int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")));
        Assert.InRange(seconds, 1, 60);
    }

    [Fact]
    public async Task OneUsersLimitDoesNotHoldBackAnother()
    {
        using var factory = Limited("Check");
        var nina = await factory.ClientForAsync(ApiFactory.NoRole);
        var rene = await factory.ClientForAsync(ApiFactory.Requester);
        for (var i = 0; i < 3; i++)
            await CheckAsync(nina);

        var response = await CheckAsync(rene);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task TheRefusalSpeaksFrench()
    {
        using var factory = Limited("Check");
        var client = await factory.ClientForAsync(ApiFactory.NoRole);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr");
        for (var i = 0; i < 2; i++)
            await CheckAsync(client);

        var problem = await Problem.ReadAsync(await CheckAsync(client));

        Assert.Equal("Trop de requêtes en peu de temps. Réessayez dans un instant.", problem.Title);
    }

    [Theory]
    [InlineData("Inspect", "/api/certificates/inspect")]
    [InlineData("Request", "/api/contact-requests")]
    public async Task UploadsHaveTheirOwnLimit(string limit, string route)
    {
        using var factory = Limited(limit);
        var client = await factory.ClientForAsync(ApiFactory.Requester);
        // Refused for want of a file (400): the bucket counts every call, whatever its answer.
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync(route, FormWithoutAFile())).StatusCode);

        var problem = await Problem.ReadAsync(await client.PostAsync(route, FormWithoutAFile()));

        Assert.Equal("TooManyRequests", problem.Code);
        Assert.Equal(HttpStatusCode.OK, (await CheckAsync(client)).StatusCode); // the check has a bucket of its own
    }

    private static ApiFactory AnonymousBurstOfTwo() =>
        new ApiFactory().With("RateLimits:AnonymousBurst", "2").With("RateLimits:AnonymousPerMinute", "1");

    [Fact]
    public async Task AnAnonymousFloodOfTheTokenRouteIsRefusedWithRetryAfter()
    {
        using var factory = AnonymousBurstOfTwo();
        var client = factory.CreateClient();
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/auth/local/token", new { user = ApiFactory.NoRole })).StatusCode);

        var refused = await client.PostAsJsonAsync("/auth/local/token", new { user = ApiFactory.NoRole });

        Assert.Equal("TooManyRequests", (await Problem.ReadAsync(refused)).Code);
        Assert.Equal("60", Assert.Single(refused.Headers.GetValues("Retry-After")));
    }

    [Fact]
    public async Task RefusedTokensCountAgainstTheAnonymousLimit()
    {
        using var factory = AnonymousBurstOfTwo();
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);

        var refused = await client.GetAsync("/api/me");

        Assert.Equal(429, (await Problem.ReadAsync(refused)).Status);
    }

    [Fact]
    public async Task SignedInCallersAreNotHeldByTheAnonymousLimit()
    {
        using var factory = AnonymousBurstOfTwo();
        var client = await factory.ClientForAsync(ApiFactory.NoRole);

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
            answers.Add((await client.GetAsync("/api/me")).StatusCode);

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    [Fact]
    public async Task HealthProbesAreNotHeldByTheAnonymousLimit()
    {
        using var factory = AnonymousBurstOfTwo();
        var client = factory.CreateClient();

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
            answers.Add((await client.GetAsync("/health/live")).StatusCode);

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    [Theory]
    [InlineData("POST", "/api/certificates/inspect")]
    [InlineData("POST", "/api/contact-requests")]
    [InlineData("POST", "/api/admin/trusted-issuers")]
    [InlineData("PUT", "/api/admin/trusted-issuers")]
    public async Task AParseBeyondTheConcurrencyLimitIsRefusedWithRetryAfterWhileAnotherRuns(string method, string route)
    {
        var held = new HeldUpload();
        using var factory = ParsingOneAtATime(held);
        var client = await StreamingClientAsync(factory, ApiFactory.Approver); // may request and approve
        var first = client.PostAsync("/api/certificates/inspect", held);
        await held.Reading.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var refused = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), route) { Content = FormWithoutAFile() });
        held.Release.SetResult();

        Assert.Equal("TooManyRequests", (await Problem.ReadAsync(refused)).Code);
        Assert.Equal("1", Assert.Single(refused.Headers.GetValues("Retry-After")));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await first).StatusCode);
    }

    [Fact]
    public async Task RoutesThatParseNothingAreNotHeldByTheParsingLimit()
    {
        var held = new HeldUpload();
        using var factory = ParsingOneAtATime(held);
        var client = await StreamingClientAsync(factory, ApiFactory.Requester);
        var first = client.PostAsync("/api/certificates/inspect", held);
        await held.Reading.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var check = await CheckAsync(client);
        held.Release.SetResult();
        await first;

        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
    }

    /// <summary>Without the redirect handler, which buffers a request's whole body before sending it.</summary>
    private static async Task<HttpClient> StreamingClientAsync(ApiFactory factory, string user)
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = (await factory.ClientForAsync(user)).DefaultRequestHeaders.Authorization;
        return client;
    }

    private static ApiFactory ParsingOneAtATime(HeldUpload held) =>
        new ApiFactory { ConfigureServices = services => services.AddSingleton<IStartupFilter>(new HeldUpload.Signal(held)) }
            .With("RateLimits:ParseConcurrency", "1").With("RateLimits:ParseQueue", "0");

    /// <summary>A multipart upload that stops half-way until released. Its <see cref="Signal"/>, first in the app's
    /// pipeline, says when the app starts reading its body: only an endpoint does, so by then it is past the limiter.</summary>
    private sealed class HeldUpload : HttpContent
    {
        private const string Marker = "X-Held-Upload";

        public TaskCompletionSource Reading { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public HeldUpload()
        {
            Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=held");
            Headers.Add(Marker, "1");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync("--held\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.cer\"\r\n\r\n"u8.ToArray());
            await stream.FlushAsync();
            await Release.Task;
            await stream.WriteAsync("\r\n--held--\r\n"u8.ToArray());
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        public sealed class Signal(HeldUpload upload) : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                app.Use(async (context, proceed) =>
                {
                    if (context.Request.Headers.ContainsKey(Marker))
                        context.Request.Body = new ReadSignal(context.Request.Body, upload.Reading);
                    await proceed();
                });
                next(app);
            };
        }

        private sealed class ReadSignal(Stream inner, TaskCompletionSource reading) : Stream
        {
            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

            public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            {
                reading.TrySetResult();
                return inner.ReadAsync(buffer, cancellationToken);
            }

            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
                ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

            public override int Read(byte[] buffer, int offset, int count)
            {
                reading.TrySetResult();
                return inner.Read(buffer, offset, count);
            }

            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }
    }
}
