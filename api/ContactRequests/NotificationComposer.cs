using Microsoft.Extensions.Options;
using SmimeAddin.Notifications;

namespace SmimeAddin.ContactRequests;

/// <summary>Builds the message for a request's transition, in both languages (<see cref="Bilingual"/>).</summary>
public sealed class NotificationComposer(IOptions<NotificationsOptions> options)
{
    public Notification Compose(NotificationKind kind, ContactRequest request)
    {
        var (key, to, arguments) = Template(kind, request);
        var subject = Bilingual.Subject($"Notification.{key}.Subject", request.EmailAddress);
        var body = Bilingual.Body($"Notification.{key}.Body", arguments);
        return new Notification(kind, request.Id, to.Where(a => !string.IsNullOrWhiteSpace(a)).ToArray(), subject, body);
    }

    /// <summary>The resource key stem, the recipients and the sentence arguments of each kind.</summary>
    private (string Key, IReadOnlyList<string> To, object[] Arguments) Template(NotificationKind kind, ContactRequest request) =>
        kind switch
        {
            NotificationKind.RequestSubmitted => ("Submitted", options.Value.Approvers,
                [Requester(request), request.DisplayName, request.EmailAddress, request.ContactName, request.Id]),
            NotificationKind.RequestApproved => ("Approved", [request.RequestedBy],
                [request.DecidedBy ?? "-", request.DisplayName, request.EmailAddress, request.ContactName, request.Id]),
            NotificationKind.RequestRejected => ("Rejected", [request.RequestedBy],
                [request.DecidedBy ?? "-", request.DisplayName, request.EmailAddress, request.RejectionReason ?? "-", request.Id]),
            NotificationKind.RequestProvisioned => ("Provisioned", [request.RequestedBy],
                [request.ContactName, request.DisplayName, request.EmailAddress, request.Id]),
            NotificationKind.RequestFailed => ("Failed", [request.RequestedBy],
                [request.ContactName, request.DisplayName, request.EmailAddress, request.LastError ?? "-", request.Id]),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };

    private static string Requester(ContactRequest request) =>
        string.IsNullOrWhiteSpace(request.RequestedByName) || request.RequestedByName == request.RequestedBy
            ? request.RequestedBy
            : $"{request.RequestedByName} <{request.RequestedBy}>";

}
