using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmimeAddin.Certificates;
using SmimeAddin.ContactRequests;
using SmimeAddin.Data;
using SmimeAddin.Directory;

namespace SmimeAddin.Lifecycle;

/// <summary>Reads the certificates published on the entries worth watching (every <c>_SMIME</c> contact, every contact
/// this app provisioned, and the mailboxes when <see cref="LifecycleOptions.IncludeMailboxes"/> is on) in one large
/// read per kind, keeps what it read for <c>GET /api/admin/certificates/expiring</c>, and warns of those close to
/// expiry. One instance scans at a time (a lease); a scan that cannot read the directory is recorded as failed and
/// keeps the last good reading.</summary>
internal sealed class ExpiryScan(IDirectory directory, IDbContextFactory<AppDbContext> contexts, Leases leases, ExpiryWarnings warnings,
    TimeProvider time, IOptions<LifecycleOptions> options, ILogger<ExpiryScan> log)
{
    private const string LeaseName = "ExpiryScan";

    /// <summary>Longer than any scan: a scan of a large tenant's contacts is one call of a few minutes at most.</summary>
    private static readonly TimeSpan LeaseTime = TimeSpan.FromMinutes(30);

    /// <summary>Scans now; null when another instance is scanning.</summary>
    public async Task<ExpiryScanRecord?> TryRunAsync(CancellationToken ct)
    {
        await using var held = await leases.TryHoldAsync(LeaseName, LeaseTime, ct);
        return held is null ? null : await RunAsync(ct);
    }

    /// <summary>When the last scan was made (failed or not); null when none was.</summary>
    public async Task<DateTimeOffset?> LastScanAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.ExpiryScans.OrderByDescending(s => s.Id).Select(s => (DateTimeOffset?)s.At).FirstOrDefaultAsync(ct);
    }

    private async Task<ExpiryScanRecord> RunAsync(CancellationToken ct)
    {
        using var background = DirectoryCallRetry.Background(); // nobody waits for a scan: ride out throttling
        var record = new ExpiryScanRecord { At = time.GetUtcNow() };
        try
        {
            var entries = await ReadEntriesAsync(ct);
            var rows = entries.SelectMany(Rows).ToList();
            (record.Succeeded, record.Entries, record.Certificates, record.Unreadable) =
                (true, entries.Count, rows.Count(r => r.Problem is null), rows.Count(r => r.Problem is not null));
            await ReplaceAsync(rows, record, ct);
            record.Warned = await warnings.SendDueAsync(rows.Where(r => r.Problem is null).ToList(), record.At, ct);
            await SaveWarnedAsync(record, ct);
        }
        catch (DirectoryException e)
        {
            log.LogWarning(e, "Expiry scan: the directory answered {Failure}; the last scan's reading stays.", e.Failure);
            record.Error = $"The directory answered {e.Failure}; its message is in the server log.";
            await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
            db.ExpiryScans.Add(record);
            await db.SaveChangesAsync(CancellationToken.None);
        }
        log.LogInformation("Expiry scan: {Entries} entries, {Certificates} certificates, {Unreadable} unreadable values, {Warned} warnings sent.",
            record.Entries, record.Certificates, record.Unreadable, record.Warned);
        return record;
    }

    private async Task<List<DirectoryRecipient>> ReadEntriesAsync(CancellationToken ct)
    {
        HashSet<string> provisioned;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            provisioned = (await db.ContactRequests.Where(r => r.Status == ContactRequestStatus.Provisioned)
                .Select(r => r.NormalizedEmailAddress).Distinct().ToListAsync(ct)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        }
        var contacts = (await directory.ListAsync(RecipientKind.MailContact, ct))
            .Where(c => c.Name.EndsWith("_SMIME", StringComparison.OrdinalIgnoreCase) || provisioned.Contains(c.PrimarySmtpAddress))
            .ToList();
        if (options.Value.IncludeMailboxes)
            contacts.AddRange(await directory.ListAsync(RecipientKind.Mailbox, ct));
        return contacts;
    }

    private static IEnumerable<WatchedCertificate> Rows(DirectoryRecipient entry)
    {
        var read = EntryCertificates.Of(entry);
        foreach (var certificate in read.Certificates)
            yield return new WatchedCertificate
            {
                EmailAddress = entry.PrimarySmtpAddress, EntryName = entry.Name, EntryKind = entry.Kind,
                Thumbprint = CertificateFacts.Sha1Thumbprint(certificate), Subject = Truncated(CertificateFacts.Subject(certificate)),
                NotAfter = new DateTimeOffset(certificate.NotAfter, TimeSpan.Zero),
            };
        foreach (var problem in read.Problems)
            yield return new WatchedCertificate { EmailAddress = entry.PrimarySmtpAddress, EntryName = entry.Name, EntryKind = entry.Kind, Problem = problem };
    }

    private static string Truncated(string text) => text.Length > 1000 ? text[..1000] : text;

    /// <summary>The new reading replaces the old one whole, with its scan's record, in one transaction.</summary>
    private async Task ReplaceAsync(List<WatchedCertificate> rows, ExpiryScanRecord record, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.WatchedCertificates.ExecuteDeleteAsync(ct);
        db.WatchedCertificates.AddRange(rows);
        db.ExpiryScans.Add(record);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private async Task SaveWarnedAsync(ExpiryScanRecord record, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.ExpiryScans.Where(s => s.Id == record.Id).ExecuteUpdateAsync(set => set.SetProperty(s => s.Warned, record.Warned), ct);
    }
}
