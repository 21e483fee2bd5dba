using SmimeAddin.Certificates;

namespace SmimeAddin.ContactRequests;

/// <param name="Id">Addresses the request in every other route.</param>
/// <param name="Status">Pending, Approved, Provisioning, Provisioned, Rejected or Failed.</param>
/// <param name="ContactName">The _SMIME contact the request creates.</param>
/// <param name="Findings">The certificate's findings: at request time, or re-judged now in the admin's view.</param>
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
    DateTimeOffset? ProvisionedAt)
{
    public static ContactRequestView From(ContactRequest request, IReadOnlyList<FindingView> findings) => new(
        request.Id, request.EmailAddress, request.DisplayName, request.ContactName, request.Status.ToString(),
        request.RequestedBy, request.RequestedAt, RequestCertificate.From(request), findings, request.TrustIssuer,
        request.DecidedBy, request.DecidedAt, request.RejectionReason, request.Attempts, request.LastError, request.ProvisionedAt);
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
