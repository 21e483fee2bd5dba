namespace SmimeAddin.Notifications;

/// <summary>Sending as every caller wants it: a notification is a courtesy, so a failure of the port (HTTP, sign-in,
/// database) is logged and answered as false, never raised; only the caller's own cancellation travels.</summary>
public static class NotifierSending
{
    public static async Task<bool> TrySendAsync(this INotifier notifier, Notification notification, ILogger logger, CancellationToken ct)
    {
        try
        {
            await notifier.SendAsync(notification, ct);
            return true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // The one justified catch-all: any failure of the port is logged, not raised.
        catch (Exception e)
#pragma warning restore CA1031
        {
            // Kind, request and exception type only: the message text may name people, and Graph errors never carry
            // the token, but nothing here needs more to be traced.
            logger.LogError(e, "Could not send the {Kind} notification for request {RequestId} ({Failure}).",
                notification.Kind, notification.RequestId, e.GetType().Name);
            return false;
        }
    }
}
