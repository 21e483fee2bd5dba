using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmimeAddin.Audit;
using SmimeAddin.ContactRequests;
using SmimeAddin.Data;
using SmimeAddin.Notifications;

namespace SmimeAddin.Lifecycle;

/// <summary>Tells the requester of a contact (when this app made it) and the approvers that its certificate expires
/// soon: once per certificate and threshold of <see cref="LifecycleOptions.WarnDays"/>, the nearest threshold it has
/// reached (a certificate first seen 5 days before expiry gets the 7-day warning, not the 30-day one too). A warning
/// that could not be handed over is not recorded, so the next scan sends it again.</summary>
internal sealed class ExpiryWarnings(IDbContextFactory<AppDbContext> contexts, INotifier notifier, IOptions<NotificationsOptions> notifications,
    IOptions<LifecycleOptions> options, ILogger<ExpiryWarnings> log)
{
    /// <summary>Sends the warnings due for <paramref name="watched"/> at <paramref name="now"/>; answers how many went.</summary>
    public async Task<int> SendDueAsync(IReadOnlyList<WatchedCertificate> watched, DateTimeOffset now, CancellationToken ct)
    {
        var sent = 0;
        foreach (var certificate in watched)
        {
            if (Threshold(certificate.NotAfter!.Value, now) is { } threshold && await SendAsync(certificate, threshold, now, ct))
                sent++;
        }
        return sent;
    }

    /// <summary>The smallest threshold the certificate has reached; null when it is further from expiry than all.</summary>
    private int? Threshold(DateTimeOffset notAfter, DateTimeOffset now)
    {
        var daysLeft = DaysLeft(notAfter, now);
        return options.Value.Thresholds.Where(t => daysLeft <= t).Order().Cast<int?>().FirstOrDefault();
    }

    public static int DaysLeft(DateTimeOffset notAfter, DateTimeOffset now) => (int)Math.Floor((notAfter - now).TotalDays);

    private async Task<bool> SendAsync(WatchedCertificate certificate, int threshold, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var thumbprint = certificate.Thumbprint!;
        if (await db.ExpiryWarnings.AnyAsync(w => w.Thumbprint == thumbprint && w.ThresholdDays <= threshold, ct))
            return false;
        var address = certificate.EmailAddress.ToLowerInvariant();
        var request = await db.ContactRequests.AsNoTracking()
            .Where(r => r.NormalizedEmailAddress == address && r.Status == ContactRequestStatus.Provisioned)
            .OrderByDescending(r => r.ProvisionedAt).Select(r => new { r.Id, r.RequestedBy }).FirstOrDefaultAsync(ct);
        var to = notifications.Value.Approvers.Append(request?.RequestedBy).OfType<string>()
            .Where(a => a.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        if (to.Length == 0)
            return false;
        var notAfter = certificate.NotAfter!.Value;
        var message = new Notification(NotificationKind.CertificateExpiring, request?.Id ?? Guid.Empty, to,
            Bilingual.Subject("Notification.Expiring.Subject", certificate.EmailAddress),
            Bilingual.Body("Notification.Expiring.Body", certificate.EntryName, certificate.EmailAddress, notAfter.ToString("yyyy-MM-dd"),
                Math.Max(0, DaysLeft(notAfter, now)), thumbprint));
        if (!await notifier.TrySendAsync(message, log, ct))
            return false; // not recorded: the next scan sends it again
        db.ExpiryWarnings.Add(new ExpiryWarning { Thumbprint = thumbprint, ThresholdDays = threshold, EmailAddress = certificate.EmailAddress, SentAt = now });
        db.Record(now, AuditLog.System, "ExpiryWarned", AuditLog.Outcomes.Succeeded, request?.Id,
            $"{certificate.EntryName} ({certificate.EmailAddress}): certificate {thumbprint} expires {notAfter:yyyy-MM-dd}; " +
            $"{threshold}-day warning sent to {string.Join(", ", to)}.");
        await db.SaveChangesAsync(ct);
        return true;
    }
}
