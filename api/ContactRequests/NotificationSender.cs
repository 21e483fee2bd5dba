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
        await notifier.TrySendAsync(notification, logger, ct);
    }
}
