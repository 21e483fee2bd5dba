using System.Collections;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SmimeAddin.Directory.ExchangeOnline;
using SmimeAddin.Telemetry;

namespace SmimeAddin.Tests.Directory.ExchangeOnline;

/// <summary>One Exchange Online organization of the test module (TestModule/ExchangeOnlineManagement), private to one
/// test: its own domain, app id and certificate (.pfx made now, deleted after). The module and this class share the
/// tenant through the process's AppDomain data; the module's cmdlets are the only thing the adapter talks to.</summary>
public sealed class TestExchange : IDisposable
{
    private const string StoreKey = "SmimeAddin.TestExchange.Tenants";
    private static readonly Hashtable Tenants = OpenStore();

    private readonly Hashtable tenant;
    private readonly string folder = System.IO.Directory.CreateTempSubdirectory("smimeaddin-exo-").FullName;

    public string Organization { get; } = $"t{Guid.NewGuid():N}.onmicrosoft.com";
    public string AppId { get; } = Guid.NewGuid().ToString();
    public string CertificatePath { get; }
    public string CertificatePassword { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    public static string ModulePath => Path.Combine(AppContext.BaseDirectory, "Directory", "ExchangeOnline", "TestModule");

    public TestExchange()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN=SmimeAddin test app {AppId}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        CertificatePath = Path.Combine(folder, "app.pfx");
        File.WriteAllBytes(CertificatePath, certificate.Export(X509ContentType.Pkcs12, CertificatePassword));
        tenant = new Hashtable(StringComparer.OrdinalIgnoreCase)
        {
            ["Lock"] = new object(),
            ["AppId"] = AppId,
            ["CertificateThumbprint"] = certificate.Thumbprint,
            ["Recipients"] = new ArrayList(),
            ["Calls"] = new Hashtable(StringComparer.OrdinalIgnoreCase),
            ["Filters"] = new ArrayList(),
            ["SessionEpoch"] = 0,
            ["ThrottleNext"] = 0,
            ["ThrottleEvery"] = 0,
            ["ThrottleBackoffMs"] = 0,
            ["Unavailable"] = false,
            ["UnavailableNext"] = 0,
            ["ReplicationLagCalls"] = 0,
            ["HiddenFromKindReads"] = new Hashtable(StringComparer.OrdinalIgnoreCase),
            ["Failing"] = new ArrayList(),
            ["LatencyMs"] = 0,
            ["SmimeIssuingCA"] = null,
            ["LastShowBanner"] = null,
            ["Shapes"] = new Hashtable(StringComparer.OrdinalIgnoreCase),
            ["Withheld"] = new ArrayList(),
            ["Disconnects"] = new ArrayList(),
            ["RefuseSignIn"] = false,
            ["CallThreads"] = new ArrayList(),
        };
        Tenants[Organization] = tenant;
    }

    public ExchangeOnlineOptions Options(int poolSize = 2, int chunkSize = 50, string? modulePath = null) => new()
    {
        AppId = AppId,
        Organization = Organization,
        CertificatePath = CertificatePath,
        CertificatePassword = CertificatePassword,
        ModulePath = modulePath ?? ModulePath,
        PoolSize = poolSize,
        LookupChunkSize = chunkSize,
    };

    /// <summary>The adapter's clock: reconnect back-off waits on it.</summary>
    public ManualClock Clock { get; } = new();

    public ExchangeOnlineDirectory Directory(int poolSize = 2, int chunkSize = 50, string? modulePath = null) =>
        Directory(Options(poolSize, chunkSize, modulePath));

    public ExchangeOnlineDirectory Directory(ExchangeOnlineOptions options) =>
        new(Microsoft.Extensions.Options.Options.Create(options), Clock, new SmimeMetrics(Meters, Clock), NullLogger<ExchangeOnlineDirectory>.Instance);

    /// <summary>The meters of this organization's adapters, apart from every other test's: collect from it to see what
    /// the adapter counted.</summary>
    public IMeterFactory Meters => meters.GetRequiredService<IMeterFactory>();

    private readonly ServiceProvider meters = new ServiceCollection().AddMetrics().BuildServiceProvider();

    /// <summary>Connect-ExchangeOnline leaves <paramref name="cmdlet"/> out, as it does when the app lacks the role for it.</summary>
    public void Withhold(string cmdlet) => Locked(() => { ((ArrayList)tenant["Withheld"]!).Add(cmdlet); });

    /// <summary>Connect-ExchangeOnline answers UnAuthorized, as for an app without consent or an Exchange role.</summary>
    public bool RefuseSignIn
    {
        get => Locked(() => (bool)tenant["RefuseSignIn"]!);
        set => Locked(() => { tenant["RefuseSignIn"] = value; });
    }

    /// <summary>The managed thread id each cmdlet call ran on, in order.</summary>
    public IReadOnlyList<int> CallThreads => Locked(() => ((ArrayList)tenant["CallThreads"]!).Cast<int>().ToList());

    /// <summary>One entry per Disconnect-ExchangeOnline: "Confirm=False" when called with -Confirm:$false.</summary>
    public IReadOnlyList<string> Disconnects => Locked(() => ((ArrayList)tenant["Disconnects"]!).Cast<string>().ToList());

    public string AddMailbox(string name, string primary, params string[] proxies) => Add("UserMailbox", name, primary, proxies);

    public string AddMailUser(string name, string primary, params string[] proxies) => Add("MailUser", name, primary, proxies);

    public string AddContact(string name, string external) => Add("MailContact", name, external, []);

    public string AddGroup(string name, string primary) => Add("MailUniversalDistributionGroup", name, primary, []);

    /// <summary>Stores certificates as if an admin had published them, bypassing the cmdlets.</summary>
    public void Publish(string name, IEnumerable<byte[]> userCertificates, IEnumerable<byte[]>? smimeCertificates = null) => Locked(() =>
    {
        var recipient = Recipients.Cast<Hashtable>().Single(r => (string)r["Name"]! == name);
        recipient["UserCertificate"] = new ArrayList(userCertificates.ToArray());
        recipient["UserSMimeCertificate"] = new ArrayList((smimeCertificates ?? []).ToArray());
    });

    /// <summary>From now on Get-Mailbox, Get-MailUser and Get-MailContact return <paramref name="property"/> of the
    /// recipient named <paramref name="name"/> as exactly <paramref name="value"/>: one of the shapes the real module
    /// may use (README "Value shapes"), or garbage.</summary>
    public void ReturnAs(string name, string property, object? value) =>
        Locked(() => { ((Hashtable)tenant["Shapes"]!)[$"{name}|{property}"] = value; });

    /// <summary>From now on Get-SmimeConfig returns SMIMECertificateIssuingCA as exactly <paramref name="value"/>.</summary>
    public void ReturnIssuingCaAs(object? value) =>
        Locked(() => { ((Hashtable)tenant["Shapes"]!)["SmimeConfig|SMIMECertificateIssuingCA"] = value; });

    /// <summary>The .sst Exchange holds (Set-SmimeConfig -SMIMECertificateIssuingCA), null when none.</summary>
    public byte[]? IssuingCa
    {
        get => Locked(() => (tenant["SmimeIssuingCA"] as byte[])?.ToArray());
        set => Locked(() => { tenant["SmimeIssuingCA"] = value?.ToArray(); });
    }

    public int Calls(string cmdlet) => Locked(() => ((Hashtable)tenant["Calls"]!)[cmdlet] is int n ? n : 0);

    public IReadOnlyList<string> Filters => Locked(() => ((ArrayList)tenant["Filters"]!).Cast<string>().ToList());

    public bool? LastShowBanner => Locked(() => tenant["LastShowBanner"] as bool?);

    /// <summary>The next <paramref name="calls"/> cmdlet calls fail with Exchange's throttling error.</summary>
    public void Throttle(int calls, TimeSpan backoff) => Locked(() =>
    {
        tenant["ThrottleNext"] = calls;
        tenant["ThrottleBackoffMs"] = (int)backoff.TotalMilliseconds;
    });

    /// <summary>From now on every <paramref name="nth"/> cmdlet call (counting all cmdlets, not Connect-ExchangeOnline)
    /// fails with Exchange's throttling error, as Exchange does under steady load; 0 stops it.</summary>
    public void ThrottleEvery(int nth, TimeSpan backoff) => Locked(() =>
    {
        tenant["ThrottleEvery"] = nth;
        tenant["ThrottleBackoffMs"] = (int)backoff.TotalMilliseconds;
    });

    /// <summary>While true, every cmdlet call (and every Connect-ExchangeOnline) fails as in an Exchange Online outage
    /// (HTTP 503), until set back to false.</summary>
    public bool Unavailable
    {
        get => Locked(() => (bool)tenant["Unavailable"]!);
        set => Locked(() => { tenant["Unavailable"] = value; });
    }

    /// <summary>The next <paramref name="calls"/> cmdlet calls fail as in an outage (HTTP 503): a short one.</summary>
    public void Outage(int calls) => Locked(() => { tenant["UnavailableNext"] = calls; });

    /// <summary>Get-Mailbox, Get-MailUser and Get-MailContact leave the recipient named <paramref name="name"/> out of
    /// their filtered reads (and of reads by identity too, when <paramref name="byIdentityToo"/>), while Get-Recipient
    /// still lists it: the indexes of a live directory need not agree at every moment.</summary>
    public void HideFromKindReads(string name, bool byIdentityToo = false) =>
        Locked(() => { ((Hashtable)tenant["HiddenFromKindReads"]!)[name] = byIdentityToo; });

    /// <summary>Each contact New-MailContact makes from now on is not found by the next <paramref name="calls"/> calls
    /// that look for it (by identity or address), as Exchange's directory replicas catch up with a new object.</summary>
    public void ReplicationLag(int calls) => Locked(() => { tenant["ReplicationLagCalls"] = calls; });

    /// <summary>Every call of <paramref name="cmdlet"/> fails as in an outage (HTTP 503) while the other cmdlets answer:
    /// a write that fails after the read before it succeeded.</summary>
    public void Fail(string cmdlet) => Locked(() => { ((ArrayList)tenant["Failing"]!).Add(cmdlet); });

    /// <summary>How long each cmdlet call takes before it answers; none by default. Exchange Online takes a few hundred
    /// milliseconds, which is what keeps a provisioning worker busy long enough to be stopped in the middle of a request.</summary>
    public TimeSpan Latency
    {
        get => Locked(() => TimeSpan.FromMilliseconds((int)tenant["LatencyMs"]!));
        set => Locked(() => { tenant["LatencyMs"] = (int)value.TotalMilliseconds; });
    }

    /// <summary>The addresses of the tenant's mail contacts, one entry per contact: a duplicate shows twice.</summary>
    public IReadOnlyList<string> ContactAddresses => Locked(() => Recipients.Cast<Hashtable>()
        .Where(r => (string)r["RecipientType"]! == "MailContact").Select(r => (string)r["PrimarySmtpAddress"]!).ToList());

    /// <summary>Every connected session fails its next call until Connect-ExchangeOnline runs again.</summary>
    public void ExpireSessions() => Locked(() => { tenant["SessionEpoch"] = (int)tenant["SessionEpoch"]! + 1; });

    public void Dispose()
    {
        Tenants.Remove(Organization);
        meters.Dispose();
        System.IO.Directory.Delete(folder, recursive: true);
    }

    private ArrayList Recipients => (ArrayList)tenant["Recipients"]!;

    private string Add(string type, string name, string primary, string[] proxies) => Locked(() =>
    {
        var guid = Guid.NewGuid().ToString();
        Recipients.Add(new Hashtable(StringComparer.OrdinalIgnoreCase)
        {
            ["Guid"] = guid,
            ["Name"] = name,
            ["Alias"] = name.Replace(" ", ""),
            ["DisplayName"] = name,
            ["RecipientType"] = type,
            ["RecipientTypeDetails"] = type,
            ["PrimarySmtpAddress"] = primary,
            ["EmailAddresses"] = new ArrayList(new[] { $"SMTP:{primary}" }.Concat(proxies.Select(p => $"smtp:{p}")).ToArray()),
            ["UserCertificate"] = new ArrayList(),
            ["UserSMimeCertificate"] = new ArrayList(),
        });
        return guid;
    });

    private T Locked<T>(Func<T> read)
    {
        lock (tenant["Lock"]!)
            return read();
    }

    private void Locked(Action change)
    {
        lock (tenant["Lock"]!)
            change();
    }

    private static Hashtable OpenStore()
    {
        lock (typeof(TestExchange))
        {
            if (AppDomain.CurrentDomain.GetData(StoreKey) is not Hashtable store)
            {
                store = Hashtable.Synchronized(new Hashtable(StringComparer.OrdinalIgnoreCase));
                AppDomain.CurrentDomain.SetData(StoreKey, store);
            }
            return store;
        }
    }
}

/// <summary>A clock that moves only when told (the benchmark project shares this file, without the testing package).</summary>
public sealed class ManualClock : TimeProvider
{
    private DateTimeOffset now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
