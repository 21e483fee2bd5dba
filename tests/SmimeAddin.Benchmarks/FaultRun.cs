using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmimeAddin.Certificates;
using SmimeAddin.Audit;
using SmimeAddin.ContactRequests;
using SmimeAddin.Tests.Directory.ExchangeOnline;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Benchmarks;

/// <summary><c>-- faults</c>: approved contact requests flowing through two instances on one PostgreSQL database while
/// the Exchange Online stand-in throttles and goes down, and while one instance is stopped and started again. Every
/// request must end Provisioned or Failed (none lost), with exactly one contact per Provisioned request.</summary>
internal static class FaultRun
{
    private const int Requests = 100;
    private const string Requester = "rene.requester@contoso.example";
    private const string Approver = "ada.admin@contoso.example"; // four eyes: never the requester
    private static readonly TimeSpan ApprovalEvery = TimeSpan.FromMilliseconds(200);
    private const int ApprovalTries = 150; // 30 s of trying again every ApprovalEvery
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    public static async Task<bool> RunAsync()
    {
        Console.WriteLine($"Provisioning through the Exchange Online stand-in: 2 instances in this process on one PostgreSQL database, " +
            $"{Requests} requests submitted, then approved one every {ApprovalEvery.TotalSeconds} s while faults come and go");
        using var exchange = new TestExchange();
        var database = await TestPostgres.CreateDatabaseAsync();
        try
        {
            using var cluster = new FaultCluster(Settings(exchange, database), size: 2);
            cluster.Start(0);
            cluster.Start(1);
            var requester = await VirtualUsers.TokenAsync(cluster.First.Client, cluster.First.Client.BaseAddress!, Requester);
            var approver = await VirtualUsers.TokenAsync(cluster.First.Client, cluster.First.Client.BaseAddress!, Approver);
            // Submitted while the directory is well: submitting looks the address up, and a 503 there is no provisioning figure.
            var pki = new TestPki("Faults");
            var ids = new List<Guid>();
            for (var i = 0; i < Requests; i++)
                ids.Add(await SubmitAsync(cluster, requester, pki, i));

            // From now on each cmdlet call takes a while, as on Exchange Online, so the workers are busy when faults strike.
            exchange.Latency = TimeSpan.FromMilliseconds(50);
            var clock = Stopwatch.StartNew();
            var faults = FaultSchedule.RunAsync(exchange, cluster, clock);
            foreach (var (id, i) in ids.Select((id, i) => (id, i)))
            {
                await Until(clock, ApprovalEvery * i);
                await ApproveAsync(cluster, approver, id, pki);
            }
            await faults;
            var outcome = await SettleAsync(cluster.First, ids, clock);
            return Report(outcome, exchange);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }

    /// <summary>Retries come quickly here (0.2 s doubling to 2 s), so that a long outage spends a request's attempts
    /// within seconds; the lease is short so that a stopped instance's request is taken over soon.</summary>
    private static Dictionary<string, string> Settings(TestExchange exchange, string database)
    {
        return new()
        {
            ["Database:Provider"] = "PostgreSQL",
            ["ConnectionStrings:Smime"] = database,
            ["Seed:DemoOrganisation"] = "false",
            ["ExchangeOnline:AppId"] = exchange.AppId,
            ["ExchangeOnline:Organization"] = exchange.Organization,
            ["ExchangeOnline:CertificatePath"] = exchange.CertificatePath,
            ["ExchangeOnline:CertificatePassword"] = exchange.CertificatePassword,
            ["ExchangeOnline:ModulePath"] = TestExchange.ModulePath,
            ["Provisioning:PollInterval"] = "00:00:00.200",
            ["Provisioning:Lease"] = "00:00:03",
            ["Provisioning:BackoffBase"] = "00:00:00.200",
            ["Provisioning:MaxBackoff"] = "00:00:02",
            ["Provisioning:MaxAttempts"] = "6",
            // One requester submits a hundred requests in seconds: far past what a person does.
            ["RateLimits:RequestPerMinute"] = "1000000",
            ["RateLimits:RequestBurst"] = "1000000",
            // The app's own errors show; the framework's expected noise (the first migration's probe) does not.
            ["Logging:LogLevel:Default"] = "Error",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Critical",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Critical",
        };
    }

    private static async Task<Guid> SubmitAsync(FaultCluster cluster, string token, TestPki pki, int i)
    {
        var address = $"fault.person{i:D3}@partner{i % 7}.example";
        var person = pki.Issue(new CertificateSpec { Subject = $"CN=Fault Person {i}", SanEmails = [address] });
        var p7b = CertificateChains.CertificatesOnly([person.Certificate, pki.Intermediate.Certificate, pki.Root.Certificate]);
        using var response = await cluster.SendAsync(instance => instance.SendAsync(HttpMethod.Post, "/api/contact-requests", new MultipartFormDataContent
        {
            { new StringContent(address), "emailAddress" },
            { new StringContent($"Fault Person {i}"), "displayName" },
            { new ByteArrayContent(p7b), "file", "person.p7b" },
        }, token));
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"Submitting {address}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Approved trusting the partner's CAs by thumbprint, as an approver would for a new partner CA: the first
    /// provisioning adds them.</summary>
    private static async Task ApproveAsync(FaultCluster cluster, string token, Guid id, TestPki pki)
    {
        var trustIssuers = new[] { pki.Intermediate.Certificate, pki.Root.Certificate }.Select(CertificateFacts.Sha1Thumbprint).ToArray();
        for (var tries = 1; ; tries++)
        {
            using var response = await cluster.SendAsync(instance =>
                instance.SendAsync(HttpMethod.Post, $"/api/admin/contact-requests/{id}/approve", JsonContent.Create(new { trustIssuers }), token));
            // 409: an earlier try reached an instance that approved it before going down.
            if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict)
                return;
            // 503: approving reads the directory (who holds the address); while it is down the approver tries again.
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || tries == ApprovalTries)
                throw new InvalidOperationException($"Approving {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(ApprovalEvery);
        }
    }

    private sealed record Outcome(int Provisioned, int Failed, int Lost, double MeanAttempts, int MaxAttempts, int Takeovers,
        IReadOnlyList<string> ProvisionedAddresses, TimeSpan Settled);

    /// <summary>Polls the database until every request is Provisioned or Failed, or the patience runs out.</summary>
    private static async Task<Outcome> SettleAsync(FaultInstance instance, IReadOnlyList<Guid> ids, Stopwatch clock)
    {
        var deadline = clock.Elapsed + Patience;
        while (true)
        {
            await using var db = await instance.DbAsync();
            var rows = await db.ContactRequests.AsNoTracking().Where(r => ids.Contains(r.Id))
                .Select(r => new { r.Status, r.Attempts, r.EmailAddress }).ToListAsync();
            var provisioned = rows.Where(r => r.Status == ContactRequestStatus.Provisioned).ToList();
            var failed = rows.Count(r => r.Status == ContactRequestStatus.Failed);
            var lost = ids.Count - provisioned.Count - failed;
            if (lost == 0 || clock.Elapsed > deadline)
            {
                var takeovers = await db.AuditEvents.CountAsync(a => a.Action == "ProvisioningStarted" && a.Details!.Contains("took over"));
                return new(provisioned.Count, failed, lost, rows.Average(r => r.Attempts), rows.Max(r => r.Attempts), takeovers,
                    provisioned.Select(r => r.EmailAddress).ToList(), clock.Elapsed);
            }
            await Task.Delay(250);
        }
    }

    /// <summary>Prints the figures; false when a request is lost or a Provisioned one has no contact, or more than one.</summary>
    private static bool Report(Outcome outcome, TestExchange exchange)
    {
        var contacts = exchange.ContactAddresses.GroupBy(a => a, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        var duplicated = contacts.Count(c => c.Value > 1);
        var missing = outcome.ProvisionedAddresses.Count(a => !contacts.ContainsKey(a));
        Console.WriteLine($"{"requests",8} {"provisioned",11} {"failed",6} {"lost",4} {"retries mean/max",16} {"takeovers",9} " +
            $"{"contacts",8} {"duplicated",10} {"missing",7} {"settled after",13}");
        Console.WriteLine($"{Requests,8} {outcome.Provisioned,11} {outcome.Failed,6} {outcome.Lost,4} " +
            $"{$"{outcome.MeanAttempts:F1} / {outcome.MaxAttempts}",16} {outcome.Takeovers,9} {contacts.Values.Sum(),8} {duplicated,10} {missing,7} " +
            $"{outcome.Settled.TotalSeconds,11:F1} s");
        Console.WriteLine($"cmdlet calls: New-MailContact {exchange.Calls("New-MailContact")}, Set-MailContact {exchange.Calls("Set-MailContact")}, " +
            $"Get-Recipient {exchange.Calls("Get-Recipient")}, Connect-ExchangeOnline {exchange.Calls("Connect-ExchangeOnline")}");
        Console.WriteLine();
        return outcome.Lost == 0 && duplicated == 0 && missing == 0;
    }

    internal static async Task Until(Stopwatch clock, TimeSpan at)
    {
        if (at > clock.Elapsed)
            await Task.Delay(at - clock.Elapsed);
    }
}
