using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SmimeAddin.Tests.Notifications;

/// <summary>Entra ID's token endpoint and Graph's <c>sendMail</c>, and nothing else, on Kestrel over https at
/// 127.0.0.1 (a random port) with a certificate made here: Azure.Identity insists on an https authority, and only the
/// clients <see cref="TrustingHandler"/> builds trust that certificate. Each route checks what it is sent the way the
/// service would (client credentials, bearer token, the JSON Graph expects), records the mail, and refuses anything
/// else with a 4xx and a note in <see cref="Refusals"/>, so a wrong call fails the test that made it.</summary>
public sealed class GraphStandIn : IAsyncDisposable
{
    public const string TenantId = "3f0c6a1e-7b7e-4a59-9d1e-2a4f1c0b9e11";
    public const string ClientId = "8d2b5c47-61aa-4c3e-bf0e-5f7a9e3d2c10";
    public const string ClientSecret = "stand-in-client-secret";

    private readonly WebApplication app;
    private readonly X509Certificate2 serverCertificate;
    private readonly string accessToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));

    public Uri BaseAddress { get; private set; } = null!;
    public string GraphBaseUrl => new Uri(BaseAddress, "v1.0").ToString();
    public string AuthorityHost => BaseAddress.ToString();

    /// <summary>When set, the token endpoint wants a client assertion signed by this certificate instead of the secret.</summary>
    public X509Certificate2? ClientCertificate { get; set; }

    /// <summary>What sendMail answers once the request is found valid: 202 as Graph does, or a failure to simulate.</summary>
    public HttpStatusCode SendMailStatus { get; set; } = HttpStatusCode.Accepted;

    public ConcurrentQueue<SentMail> Sent { get; } = new();
    public ConcurrentQueue<string> Refusals { get; } = new();
    public int TokenRequests => tokenRequests;
    public int SendMailCalls => sendMailCalls;
    private int tokenRequests;
    private int sendMailCalls;

    private GraphStandIn(WebApplication app, X509Certificate2 serverCertificate)
    {
        this.app = app;
        this.serverCertificate = serverCertificate;
        app.MapPost("/{tenant}/oauth2/v2.0/token", IssueToken);
        app.MapPost("/v1.0/users/{sender}/sendMail", SendMail);
        app.MapFallback((HttpContext context) => Refuse(StatusCodes.Status404NotFound, $"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}"));
    }

    public static async Task<GraphStandIn> StartAsync()
    {
        var certificate = ServerCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        var standIn = new GraphStandIn(app, certificate);
        await app.StartAsync();
        // Kestrel chose the port: read it back.
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        standIn.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return standIn;
    }

    /// <summary>The settings that point the app's Graph notifier here, with a client secret.</summary>
    public IEnumerable<(string Key, string Value)> Settings(string senderMailbox) =>
    [
        ("Notifications:SenderMailbox", senderMailbox),
        ("Notifications:TenantId", TenantId),
        ("Notifications:ClientId", ClientId),
        ("Notifications:ClientSecret", ClientSecret),
        ("Notifications:GraphBaseUrl", GraphBaseUrl),
        ("Notifications:AuthorityHost", AuthorityHost),
    ];

    /// <summary>A handler that trusts this stand-in's certificate, exactly it, and nothing else.</summary>
    public HttpMessageHandler TrustingHandler() => new SocketsHttpHandler
    {
        SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetRawCertData().SequenceEqual(serverCertificate.RawData) },
    };

    private IResult IssueToken(string tenant, HttpRequest request)
    {
        Interlocked.Increment(ref tokenRequests);
        if (tenant != TenantId)
            return Refuse(StatusCodes.Status400BadRequest, $"token for tenant {tenant}");
        if (!request.HasFormContentType)
            return Refuse(StatusCodes.Status400BadRequest, "token request is not a form");
        var form = request.Form;
        var scope = BaseAddress.GetLeftPart(UriPartial.Authority) + "/.default";
        if (form["grant_type"] != "client_credentials" || form["client_id"] != ClientId || form["scope"] != scope)
            return Refuse(StatusCodes.Status400BadRequest, $"token request grant_type={form["grant_type"]} client_id={form["client_id"]} scope={form["scope"]}");
        var tokenEndpoint = new Uri(BaseAddress, $"{TenantId}/oauth2/v2.0/token").ToString();
        var authenticated = ClientCertificate is null
            ? form["client_secret"] == ClientSecret
            : form["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
              && AssertionIsValid(form["client_assertion"].ToString(), ClientCertificate, tokenEndpoint);
        if (!authenticated)
            return Refuse(StatusCodes.Status401Unauthorized, "token request with wrong client credentials");
        return Results.Json(new Dictionary<string, object> { ["token_type"] = "Bearer", ["expires_in"] = 3600, ["access_token"] = accessToken });
    }

    private async Task<IResult> SendMail(string sender, HttpRequest request)
    {
        Interlocked.Increment(ref sendMailCalls);
        if (request.Headers.Authorization != $"Bearer {accessToken}")
            return Refuse(StatusCodes.Status401Unauthorized, $"sendMail with authorization '{request.Headers.Authorization}'");
        if (request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
            return Refuse(StatusCodes.Status400BadRequest, $"sendMail with content type {request.ContentType}");
        using var json = await JsonDocument.ParseAsync(request.Body);
        if (SentMail.Read(sender, json.RootElement) is not { } mail)
            return Refuse(StatusCodes.Status400BadRequest, "sendMail body not shaped as Graph expects: " + json.RootElement.GetRawText());
        if (SendMailStatus == HttpStatusCode.TooManyRequests)
            // Throttling says when to come back; now, so that the SDK's retries do not slow the test.
            request.HttpContext.Response.Headers.RetryAfter = "0";
        if (SendMailStatus != HttpStatusCode.Accepted)
            return Results.Json(new { error = new { code = "StandInFailure", message = "The stand-in was told to fail." } },
                statusCode: (int)SendMailStatus);
        Sent.Enqueue(mail);
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    private IResult Refuse(int status, string what)
    {
        Refusals.Enqueue(what);
        return Results.StatusCode(status);
    }

    /// <summary>A JWT signed with the certificate's key (RS256 or PS256), naming the certificate, issued by and for
    /// the client, addressed to the token endpoint: what Entra ID checks of a certificate credential.</summary>
    private static bool AssertionIsValid(string assertion, X509Certificate2 certificate, string tokenEndpoint)
    {
        var parts = assertion.Split('.');
        if (parts.Length != 3)
            return false;
        using var header = JsonDocument.Parse(Base64Url(parts[0]));
        using var payload = JsonDocument.Parse(Base64Url(parts[1]));
        var padding = header.RootElement.GetProperty("alg").GetString() switch
        {
            "RS256" => RSASignaturePadding.Pkcs1,
            "PS256" => RSASignaturePadding.Pss,
            _ => null,
        };
        using var key = certificate.GetRSAPublicKey()!;
        var claims = payload.RootElement;
        return padding is not null
            && key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url(parts[2]), HashAlgorithmName.SHA256, padding)
            && claims.GetProperty("iss").GetString() == ClientId && claims.GetProperty("sub").GetString() == ClientId
            && claims.GetProperty("aud").GetString() == tokenEndpoint;
    }

    private static byte[] Base64Url(string text) =>
        Convert.FromBase64String(text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - text.Length % 4) % 4));

    private static X509Certificate2 ServerCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Graph stand-in", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        // Through PKCS#12 so that the key is usable by the TLS stack on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        serverCertificate.Dispose();
    }
}

/// <summary>One sendMail call as Graph would have taken it.</summary>
public sealed record SentMail(string Sender, string Subject, string ContentType, string Content, IReadOnlyList<string> To, bool SaveToSentItems)
{
    private static readonly HashSet<string> RequestProperties = new(["message", "saveToSentItems"], StringComparer.OrdinalIgnoreCase);
    private static readonly HashSet<string> MessageProperties = ["@odata.type", "subject", "body", "toRecipients"];

    /// <summary>The payload Graph documents for sendMail, with no property it would not expect; null otherwise. The
    /// action's two parameters are matched regardless of case, as Graph does: its documentation writes
    /// <c>message</c>/<c>saveToSentItems</c>, its $metadata (and so the SDK) <c>Message</c>/<c>SaveToSentItems</c>.
    /// Inside the message, property names are exact.</summary>
    public static SentMail? Read(string sender, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || root.EnumerateObject().Any(p => !RequestProperties.Contains(p.Name))
            || Parameter(root, "message") is not { ValueKind: JsonValueKind.Object } message
            || message.EnumerateObject().Any(p => !MessageProperties.Contains(p.Name))
            || Parameter(root, "saveToSentItems") is not { ValueKind: JsonValueKind.True or JsonValueKind.False } save
            || !message.TryGetProperty("subject", out var subject) || !message.TryGetProperty("body", out var body)
            || !body.TryGetProperty("contentType", out var contentType) || !body.TryGetProperty("content", out var content)
            || !message.TryGetProperty("toRecipients", out var recipients) || recipients.ValueKind != JsonValueKind.Array)
            return null;
        var to = recipients.EnumerateArray()
            .Select(r => r.TryGetProperty("emailAddress", out var e) && e.TryGetProperty("address", out var a) ? a.GetString() : null)
            .ToList();
        return to.Count == 0 || to.Any(a => a is null) ? null
            : new SentMail(sender, subject.GetString()!, contentType.GetString()!, content.GetString()!, to!, save.GetBoolean());
    }

    private static JsonElement? Parameter(JsonElement root, string name) =>
        root.EnumerateObject().Where(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            .Select(p => (JsonElement?)p.Value).SingleOrDefault();
}
