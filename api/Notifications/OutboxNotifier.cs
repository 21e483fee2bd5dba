using Microsoft.EntityFrameworkCore;
using SmimeAddin.Data;

namespace SmimeAddin.Notifications;

/// <summary>The embedded default: each message becomes a row of <c>OutboxMessages</c>, listed to approvers by
/// <c>GET /api/admin/notifications/outbox</c>. It writes through a context of its own, so it never saves (or is
/// spoiled by) the caller's pending changes.</summary>
public sealed class OutboxNotifier(IDbContextFactory<AppDbContext> contexts, TimeProvider clock) : INotifier
{
    public async Task SendAsync(Notification notification, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.OutboxMessages.Add(new OutboxMessage
        {
            CreatedAt = clock.GetUtcNow(),
            Kind = notification.Kind,
            RequestId = notification.RequestId,
            To = Truncate(string.Join(OutboxMessageView.Separator, notification.To), OutboxMessage.MaxRecipientsLength),
            Subject = Truncate(notification.Subject, OutboxMessage.MaxSubjectLength),
            Body = Truncate(notification.Body, OutboxMessage.MaxBodyLength),
        });
        await db.SaveChangesAsync(ct);
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
