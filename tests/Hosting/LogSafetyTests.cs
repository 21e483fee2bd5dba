using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmimeAddin.ContactRequests;
using SmimeAddin.Tests.Support;
using ProvisioningTestSupport = SmimeAddin.Tests.ContactRequests.Provisioning.Provisioning;

namespace SmimeAddin.Tests.Hosting;

/// <summary>Everything the app logs over the whole flow (sign-in, inspect, request, approval, provisioning), with the
/// scopes each line would carry in the JSON console output.</summary>
public sealed class LogSafetyTests
{
    [Fact]
    public async Task NoLogLineHoldsATokenOrCertificateBytesAndRequestLinesCarryTheirRequestId()
    {
        var logs = new ScopedLogCapture();
        using var factory = new ApiFactory { ConfigureServices = services => services.AddSingleton<ILoggerProvider>(logs) }
            .With("Logging:LogLevel:Default", "Debug")
            .With("Logging:LogLevel:Microsoft.AspNetCore", "Information");
        var cravate = new CravateRouge();
        var requester = await factory.ClientForAsync(ApiFactory.Requester);
        var approver = await factory.ClientForAsync(ApiFactory.Approver);

        var inspected = await requester.PostAsync("/api/certificates/inspect", new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.ASCII.GetBytes(Pem(cravate.Certificate.Der))), "file", "cravate.pem" },
        });
        var created = await requester.PostAsync("/api/contact-requests", cravate.RequestForm());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var approved = await approver.ApproveTrustingItsCasAsync(id);
        await ProvisioningTestSupport.WaitForAsync(factory, id, r => r.Status == ContactRequestStatus.Provisioned);

        Assert.Equal(HttpStatusCode.OK, inspected.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var secrets = new[]
        {
            requester.DefaultRequestHeaders.Authorization!.Parameter!,
            approver.DefaultRequestHeaders.Authorization!.Parameter!,
            "-----BEGIN",
        }.Concat(Base64Pieces(cravate.Certificate.Der)).Concat(Base64Pieces(cravate.SignedMessage));
        var lines = logs.Entries.ToList();
        Assert.NotEmpty(lines);
        foreach (var secret in secrets)
            Assert.DoesNotContain(lines, line => line.Text.Contains(secret, StringComparison.Ordinal));
        var requestLines = lines.Where(l => l.Category.StartsWith("Microsoft.AspNetCore.Hosting", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(requestLines);
        Assert.All(requestLines, line => Assert.True(line.Scopes.ContainsKey("RequestId"), line.Text));
    }

    private static string Pem(byte[] der) =>
        "-----BEGIN CERTIFICATE-----\n" + Convert.ToBase64String(der, Base64FormattingOptions.InsertLineBreaks) + "\n-----END CERTIFICATE-----\n";

    /// <summary>Stretches of the bytes' base64 as they would appear whatever the offset or line breaks: three
    /// alignments, 32 characters from the middle of each.</summary>
    private static IEnumerable<string> Base64Pieces(byte[] bytes) =>
        Enumerable.Range(0, 3).Select(skip => Convert.ToBase64String(bytes, skip, bytes.Length - skip)).Select(b => b.Substring(b.Length / 2, 32));

    /// <summary>Each line's text (message and exception) and the scopes it was logged in.</summary>
    private sealed class ScopedLogCapture : ILoggerProvider, ISupportExternalScope
    {
        public sealed record Entry(string Category, string Text, IReadOnlyDictionary<string, object?> Scopes);

        private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

        public ConcurrentQueue<Entry> Entries { get; } = new();

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose() { }

        private sealed class Logger(ScopedLogCapture capture, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => capture.scopes.Push(state);
            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = new Dictionary<string, object?>();
                var text = new StringBuilder(formatter(state, exception)).Append(' ').Append(exception);
                capture.scopes.ForEachScope((scope, _) =>
                {
                    text.Append(' ').Append(scope);
                    if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                        foreach (var (key, value) in pairs)
                        {
                            values[key] = value;
                            text.Append(' ').Append(value);
                        }
                }, (object?)null);
                if (state is IEnumerable<KeyValuePair<string, object?>> fields)
                    foreach (var (_, value) in fields)
                        text.Append(' ').Append(value);
                capture.Entries.Enqueue(new Entry(category, text.ToString(), values));
            }
        }
    }
}
