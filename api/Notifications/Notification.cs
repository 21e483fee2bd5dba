namespace SmimeAddin.Notifications;

/// <summary>Why a message is sent. <see cref="RequestSubmitted"/> goes to the approvers; <see cref="CertificateExpiring"/>
/// to the approvers and the requester of the contact; the others to the requester.</summary>
public enum NotificationKind
{
    RequestSubmitted,
    RequestApproved,
    RequestRejected,
    RequestProvisioned,
    RequestFailed,
    CertificateExpiring,
}

/// <summary>One plain-text message, ready to send: who gets it, what it says, and the request it is about (for the
/// log and the outbox, never shown as the only clue; <see cref="Guid.Empty"/> when no request of this app is).</summary>
public sealed record Notification(NotificationKind Kind, Guid RequestId, IReadOnlyList<string> To, string Subject, string Body);

/// <summary>Where messages go: Microsoft Graph <c>sendMail</c> in a tenant (<see cref="GraphNotifier"/>), the embedded
/// outbox table otherwise (<see cref="OutboxNotifier"/>). Throws when the message could not be handed over; callers
/// decide what a failure means to them (a contact request's notifications never fail the request).</summary>
public interface INotifier
{
    Task SendAsync(Notification notification, CancellationToken ct);
}
