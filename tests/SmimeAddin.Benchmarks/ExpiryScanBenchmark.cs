using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SmimeAddin.Directory;
using SmimeAddin.Lifecycle;
using SmimeAddin.Tests.Directory.ExchangeOnline;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Benchmarks;

/// <summary><c>-- lifecycle</c>: one expiry scan of 1,000 _SMIME contacts, each with a certificate (a tenth expiring
/// within 30 days), on the embedded directory and on the Exchange Online test module (300 ms per cmdlet call): its
/// time and its directory calls, which stay a few large reads, never one per contact.</summary>
internal static class ExpiryScanBenchmark
{
    private const int Contacts = 1000;
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(300);

    public static async Task RunAsync()
    {
        Console.WriteLine($"Expiry scan of {Contacts} _SMIME contacts with a certificate each (a tenth expiring within 30 days)");
        Console.WriteLine($"{"directory",-34} {"scan ms",8} {"entries",8} {"warned",7} {"directory calls",-40}");
        var pki = new TestPki("ExpiryScanBenchmark");
        await EmbeddedAsync(pki);
        await ExchangeAsync(pki);
        Console.WriteLine();
    }

    private static async Task EmbeddedAsync(TestPki pki)
    {
        using var app = FaultInstance.Start(Settings(new()));
        var directory = app.Services.GetRequiredService<IDirectory>();
        for (var i = 0; i < Contacts; i++)
        {
            var contact = await directory.CreateMailContactAsync(new($"Person{i}_SMIME", $"Person {i}", Address(i)), default);
            await directory.SetCertificatesAsync(contact.Identity, RecipientKind.MailContact, new([Certificate(pki, i)], []), default);
        }
        await ScanAsync("embedded (SQLite)", app, "List 1 (the port's one read of all contacts)");
    }

    private static async Task ExchangeAsync(TestPki pki)
    {
        using var exchange = new TestExchange();
        for (var i = 0; i < Contacts; i++)
        {
            exchange.AddContact($"Person{i}_SMIME", Address(i));
            exchange.Publish($"Person{i}_SMIME", [Certificate(pki, i)]);
        }
        using var app = FaultInstance.Start(Settings(new()
        {
            ["ExchangeOnline:AppId"] = exchange.AppId,
            ["ExchangeOnline:Organization"] = exchange.Organization,
            ["ExchangeOnline:CertificatePath"] = exchange.CertificatePath,
            ["ExchangeOnline:CertificatePassword"] = exchange.CertificatePassword,
            ["ExchangeOnline:ModulePath"] = TestExchange.ModulePath,
        }));
        exchange.Latency = Latency;
        string[] cmdlets = ["Get-MailContact", "Get-Mailbox", "Get-Recipient", "Get-SmimeConfig", "Connect-ExchangeOnline"];
        var before = cmdlets.Select(exchange.Calls).ToList();
        await ScanAsync($"Exchange test module, {Latency.TotalMilliseconds:0} ms a call", app, () =>
            string.Join(", ", cmdlets.Select((c, i) => (c, n: exchange.Calls(c) - before[i])).Where(x => x.n > 0).Select(x => $"{x.c} {x.n}")));
    }

    private static Task ScanAsync(string name, FaultInstance app, string calls) => ScanAsync(name, app, () => calls);

    private static async Task ScanAsync(string name, FaultInstance app, Func<string> calls)
    {
        var scan = app.Services.GetRequiredService<ExpiryScan>();
        var clock = Stopwatch.StartNew();
        var record = await scan.TryRunAsync(default) ?? throw new InvalidOperationException("Another scan held the lease.");
        var elapsed = clock.Elapsed;
        if (!record.Succeeded)
            throw new InvalidOperationException($"The scan failed: {record.Error}");
        Console.WriteLine($"{name,-34} {elapsed.TotalMilliseconds,8:0} {record.Entries,8} {record.Warned,7} {calls(),-40}");
    }

    private static string Address(int i) => $"person{i}@partner{i % 13}.example";

    /// <summary>Every tenth expires in 20 days, the rest in a year.</summary>
    private static byte[] Certificate(TestPki pki, int i) => pki.Issue(new CertificateSpec
    {
        Subject = $"CN=Person {i}", SanEmails = [Address(i)], NotAfter = DateTime.UtcNow.AddDays(i % 10 == 0 ? 20 : 365),
    }).Der;

    private static Dictionary<string, string> Settings(Dictionary<string, string> more)
    {
        Dictionary<string, string> settings = new()
        {
            ["Seed:DemoOrganisation"] = "false",
            ["Lifecycle:Enabled"] = "false", // the benchmark scans when it means to
            ["Notifications:Approvers:0"] = "ada.admin@contoso.example",
            ["Logging:LogLevel:Default"] = "Error",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Critical",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Critical",
        };
        foreach (var (key, value) in more)
            settings[key] = value;
        return settings;
    }
}
