using SmimeAddin.Notifications;

namespace SmimeAddin.ContactRequests;

/// <summary>What request handlers and the provisioning worker call, after the state change is committed: composes the
/// message for the request and hands it to the <see cref="INotifier"/>. A notification is a courtesy, never part of the
/// transaction: a failure to send is logged and swallowed, so it can neither fail nor roll back the request.</summary>
public sealed class NotificationSender(INotifier notifier, NotificationComposer composer, ILogger<NotificationSender> logger)
{
    /// <summary>Call once the transition to <paramref name="kind"/> is committed. Returns when the message is handed
    /// over or its failure logged; throws only <see cref="OperationCanceledException"/> for <paramref name="ct"/>.</summary>
    public async Task NotifyAsync(NotificationKind kind, ContactRequest request, CancellationToken ct)
    {
        var notification = composer.Compose(kind, request);
        if (notification.To.Count == 0)
        {
            logger.LogDebug("Nobody to notify of {Kind} for request {RequestId}.", kind, request.Id);
            return;
        }
        try
        {
            await notifier.SendAsync(notification, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // The one justified catch-all: any failure of the port (HTTP, auth, database) is logged, not raised.
        catch (Exception e)
#pragma warning restore CA1031
        {
            // Kind, request and exception type only: the message text may name people, and Graph errors never carry
            // the token, but nothing here needs more to be traced.
            logger.LogError(e, "Could not send the {Kind} notification for request {RequestId} ({Failure}).",
                kind, request.Id, e.GetType().Name);
        }
    }
}
