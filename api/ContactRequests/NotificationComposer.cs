using System.Globalization;
using System.Resources;
using Microsoft.Extensions.Options;
using SmimeAddin.Notifications;
using SmimeAddin.Resources;

namespace SmimeAddin.ContactRequests;

/// <summary>Builds the message for a request's transition, with sentences from Messages.resx and Messages.fr.resx.
/// Each message carries both languages, English first, then French: approvers are configured addresses with no known
/// language, and a requester's language was only ever the Accept-Language of one past request, which is not stored.
/// One bilingual message is what a bilingual organisation sends when it cannot tell, and nobody gets a language they
/// cannot read alone.</summary>
public sealed class NotificationComposer(IOptions<NotificationsOptions> options)
{
    private static readonly ResourceManager Text = new("SmimeAddin.Resources.Messages", typeof(Messages).Assembly);
    private static readonly CultureInfo[] Languages = [CultureInfo.GetCultureInfo("en"), CultureInfo.GetCultureInfo("fr")];
    private const string LanguageSeparator = "\n\n----------\n\n";

    public Notification Compose(NotificationKind kind, ContactRequest request)
    {
        var (key, to, arguments) = Template(kind, request);
        var subject = string.Join(" / ", Languages.Select(l => Sentence($"Notification.{key}.Subject", l, request.EmailAddress)));
        var body = string.Join(LanguageSeparator, Languages.Select(l => Sentence($"Notification.{key}.Body", l, arguments)));
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

    private static string Sentence(string key, CultureInfo language, params object[] arguments) =>
        string.Format(language, Text.GetString(key, language) ?? throw new InvalidOperationException($"No sentence {key}."), arguments);
}
