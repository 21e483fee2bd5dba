using Microsoft.EntityFrameworkCore;
using Npgsql;
using SmimeAddin.ContactRequests;
using SmimeAddin.Tests.Support;
using static SmimeAddin.Tests.ContactRequests.Provisioning.Provisioning;

namespace SmimeAddin.Tests.MultiInstance;

/// <summary>An instance killed mid-provisioning (a real process, killed like a lost machine) on a shared PostgreSQL
/// database: another instance finishes its request once the lease has run out, reusing the contact the dead one made.</summary>
public sealed class KilledInstanceTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AnotherInstanceFinishesTheWorkOfAnInstanceKilledMidProvisioningAfterItsLease()
    {
        await using var database = await TestDatabase.MigratedAsync(DatabaseKind.PostgreSql);
        var request = Approved(new TestPki("Fabrikam"), "lea.martin@fabrikam.example", "LeaMartin_SMIME");
        await using var a = await AppProcess.StartAsync(AppProcess.BuiltFolder,
            ("Database:Provider", "PostgreSQL"), ("ConnectionStrings:Smime", database.ConnectionString), ("Seed:DemoOrganisation", "false"),
            ("Provisioning:WorkerId", "A"), ("Provisioning:PollInterval", "00:00:00.100"), ("Provisioning:Lease", Lease.ToString()));

        // Writes to the contacts' certificates wait while this lock is held (reads do not): A creates the contact, then
        // stops, mid-provisioning, on setting its certificates, and is killed there.
        await using (var blocker = new NpgsqlConnection(database.ConnectionString))
        {
            await blocker.OpenAsync();
            await using var hold = await blocker.BeginTransactionAsync();
            await new NpgsqlCommand("LOCK TABLE \"DirectoryCertificates\" IN SHARE MODE", blocker, hold).ExecuteNonQueryAsync();
            await using (var db = database.CreateDbContext())
            {
                db.ContactRequests.Add(request);
                await db.SaveChangesAsync();
            }
            await WaitUntilBlockedAsync(database.ConnectionString, "DirectoryCertificates");
            await a.KillAsync();
            await hold.RollbackAsync();
        }
        var left = await StatusOfAsync(database, request.Id);
        using var b = TwoInstances.Instance(database, "B");
        _ = b.Services;

        b.Clock.Advance(Lease + TimeSpan.FromSeconds(1)); // A's last renewal has run out
        // Woken rather than left to its poll, whose timer may be set on B's clock only after the advance.
        var finished = await ProvisionAsync(b, request.Id, ContactRequestStatus.Provisioned);

        Assert.Equal((ContactRequestStatus.Provisioning, "A"), left);
        Assert.Equal(1, finished.Attempts); // the takeover counts as an attempt
        Assert.Single(await HoldersAsync(b, request.EmailAddress));
        var audit = (await AuditAsync(b, request.Id)).Select(e => (e.Action, e.Details)).ToList();
        Assert.Equal(["ProvisioningStarted", "ContactCreated", "ProvisioningStarted", "ContactReused", "CertificatesSet", "ContactVerified",
            "RequestProvisioned"], audit.Select(e => e.Action));
        Assert.Equal("Claimed by worker A.", audit[0].Details);
        Assert.Equal("Worker B took over from A, whose claim had expired.", audit[2].Details);
    }

    /// <summary>Waits until some session of the app is waiting for a lock on <paramref name="table"/>. From a connection
    /// of its own: pg_stat_activity is read once per transaction.</summary>
    private static async Task WaitUntilBlockedAsync(string connectionString, string table)
    {
        await using var observer = new NpgsqlConnection(connectionString);
        await observer.OpenAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            await using var waiting = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE @table",
                observer);
            waiting.Parameters.AddWithValue("table", $"%\"{table}\"%");
            if ((long)(await waiting.ExecuteScalarAsync())! > 0)
                return;
            await Task.Delay(50);
        }
        await using var sessions = new NpgsqlCommand(
            "SELECT string_agg(coalesce(wait_event_type, '-') || ' ' || state || ': ' || left(query, 200), E'\n') FROM pg_stat_activity WHERE datname = current_database() UNION ALL SELECT string_agg(\"Status\" || ' ' || coalesce(\"ClaimedBy\", '-') || ' ' || coalesce(\"LastError\", '-'), ',') FROM \"ContactRequests\" UNION ALL SELECT string_agg(\"Action\" || ' ' || coalesce(\"Details\", ''), E'\n') FROM \"AuditEvents\"", observer);
        Assert.Fail($"No session of the app came to wait on {table}. Sessions:\n{string.Join("\n", await ReadAllAsync(sessions))}");
    }

    private static async Task<List<string>> ReadAllAsync(NpgsqlCommand command)
    {
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add(reader.IsDBNull(0) ? "" : reader.GetString(0));
        return rows;
    }

    private static async Task<(ContactRequestStatus, string?)> StatusOfAsync(TestDatabase database, Guid id)
    {
        await using var db = database.CreateDbContext();
        var request = await db.ContactRequests.AsNoTracking().SingleAsync(r => r.Id == id);
        return (request.Status, request.ClaimedBy);
    }
}
