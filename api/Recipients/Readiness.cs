using SmimeAddin.Certificates;

namespace SmimeAddin.Recipients;

/// <param name="EmailAddress">The address as Outlook gave it.</param>
/// <param name="RecipientType">Outlook's recipientType: user, externalUser, distributionList, other.</param>
public sealed record RecipientToCheck(string? EmailAddress, string? DisplayName, string? RecipientType);

public sealed record CheckRequest(IReadOnlyList<RecipientToCheck>? Recipients);

public sealed record CheckResponse(IReadOnlyList<RecipientReadiness> Recipients);

/// <summary>The directory entry to pick in the address book for OWA to encrypt.</summary>
/// <param name="Kind">mailbox, mailUser, mailContact, group or other.</param>
public sealed record GalEntry(string Name, string DisplayName, string Kind, string PrimarySmtpAddress);

public sealed record CertificateSummary(string Thumbprint, string Subject, string Issuer, DateTimeOffset NotAfter, int DaysLeft);

/// <param name="EmailAddress">As asked, trimmed.</param>
/// <param name="Status">ready, notPublished, problem or requestPending.</param>
/// <param name="GalEntry">The directory entry holding the address, when there is one.</param>
/// <param name="Certificate">The published certificate OWA would use, when there is one.</param>
/// <param name="Hint">What the sender can do, in their language.</param>
public sealed record RecipientReadiness(
    string EmailAddress,
    string Status,
    string? DisplayName,
    GalEntry? GalEntry,
    CertificateSummary? Certificate,
    IReadOnlyList<FindingView> Findings,
    string Hint);

public static class ReadinessStatus
{
    public const string Ready = "ready";
    public const string NotPublished = "notPublished";
    public const string Problem = "problem";
    public const string RequestPending = "requestPending";
}
