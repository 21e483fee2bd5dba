using SmimeAddin.Certificates;
using SmimeAddin.Directory;

namespace SmimeAddin.ContactRequests;

/// <param name="Id">Addresses the request in every other route.</param>
/// <param name="Status">Pending, Approved, Provisioning, Provisioned, Rejected or Failed.</param>
/// <param name="ContactName">The _SMIME contact the request creates.</param>
/// <param name="Findings">The certificate's findings: at request time, or re-judged now in the admin's view.</param>
/// <param name="TrustIssuers">The CAs an approval chose to add to the trusted issuers (SHA-1 thumbprints).</param>
/// <param name="Authorities">Admin view only: every CA the request's file brought, with warnings.</param>
/// <param name="DirectoryEntry">Admin view only: the directory entry holding the address now (the one provisioning would
/// publish on), or null when none does and a new contact would be made.</param>
/// <param name="Source">Where the certificate came from, when the file was a message the requester received: its
/// Message-ID, subject and received date as the requester's Outlook gave them (null when the request did not say).</param>
/// <param name="WouldReplace">Admin view only: the certificates on that entry an approval would replace (approving then
/// needs replaceExisting, unless it is a renewal).</param>
/// <param name="Renewal">Admin view only: the entry is the contact this app made for the address and the request's
/// certificate ends after every one it would replace: approving renews it, with no confirmation to give.</param>
public sealed record ContactRequestView(
    Guid Id,
    string EmailAddress,
    string DisplayName,
    string ContactName,
    string Status,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    RequestCertificate Certificate,
    IReadOnlyList<FindingView> Findings,
    bool TrustIssuer,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    string? RejectionReason,
    int Attempts,
    string? LastError,
    DateTimeOffset? ProvisionedAt,
    IReadOnlyList<string> TrustIssuers,
    IReadOnlyList<AuthorityView>? Authorities = null,
    DirectoryEntryView? DirectoryEntry = null,
    IReadOnlyList<ReplacedCertificate>? WouldReplace = null,
    RequestSource? Source = null,
    bool? Renewal = null)
{
    public static ContactRequestView From(ContactRequest request, IReadOnlyList<FindingView> findings) => new(
        request.Id, request.EmailAddress, request.DisplayName, request.ContactName, request.Status.ToString(),
        request.RequestedBy, request.RequestedAt, RequestCertificate.From(request), findings, request.TrustIssuer,
        request.DecidedBy, request.DecidedAt, request.RejectionReason, request.Attempts, request.LastError, request.ProvisionedAt,
        Thumbprints.Parse(request.TrustIssuerThumbprints).Order(StringComparer.Ordinal).ToList(),
        Source: RequestSourceOf(request));

    private static RequestSource? RequestSourceOf(ContactRequest request) =>
        new RequestSource(request.SourceMessageId, request.SourceSubject, request.SourceReceivedAt) is { IsEmpty: false } source ? source : null;
}

public sealed record RequestCertificate(string Thumbprint, string Subject, string Issuer, DateTimeOffset NotAfter)
{
    public static RequestCertificate From(ContactRequest request)
    {
        var certificate = DerFile.CertificateOrNull(request.Certificate);
        return new(request.Thumbprint,
            certificate is null ? "" : CertificateFacts.Subject(certificate),
            certificate is null ? "" : CertificateFacts.Issuer(certificate),
            request.CertificateNotAfter);
    }
}

/// <summary>The entry that holds the address, as the approver must know it.</summary>
public sealed record DirectoryEntryView(string Name, string DisplayName, string Kind, string PrimarySmtpAddress)
{
    public static DirectoryEntryView From(DirectoryRecipient entry) =>
        new(entry.Name, entry.DisplayName, entry.Kind.ToString(), entry.PrimarySmtpAddress);
}
