using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using SmimeAddin.Certificates;
using SmimeAddin.Data;
using SmimeAddin.Directory;
using SmimeAddin.Http;
using SmimeAddin.Resources;

namespace SmimeAddin.ContactRequests;

/// <param name="TrustIssuers">SHA-1 thumbprints of the request's CAs to add to the trusted issuers.</param>
/// <param name="ReplaceExisting">Confirms replacing the certificates the address's directory entry holds (not needed
/// for a renewal).</param>
/// <param name="ContactName">A name of the approver's choosing instead of the proposed one (for a new contact).</param>
/// <param name="TrustIssuer">Refused: trust is given by thumbprint (<paramref name="TrustIssuers"/>).</param>
public sealed record ApproveRequest(IReadOnlyList<string>? TrustIssuers, bool? ReplaceExisting, string? ContactName, bool? TrustIssuer = null);

/// <summary>What an approval will do, decided before anything changes: the contact (the entry that holds the address, or
/// a new one), the CAs it trusts (each one the approver named and the request's file brought), and the certificates
/// it replaces (only when the approver confirmed them).</summary>
/// <param name="Renewal">The contact this app made for the address gets a certificate that ends later (<see cref="Renewals"/>).</param>
internal sealed record ApprovalPlan(string ContactName, string? ExistingEntryIdentity, IReadOnlyList<string> Trust, IReadOnlyList<string> Replace,
    bool Renewal = false)
{
    public static async Task<(ApprovalPlan? Plan, ProblemHttpResult? Refusal)> MakeAsync(ContactRequest request, ApproveRequest body,
        AppDbContext db, IDirectory directory, IStringLocalizer<Messages> text, CancellationToken ct)
    {
        if (body.TrustIssuer is not null)
            return (null, Problems.Validation("trustIssuer", text, "Requests.TrustIssuerRemoved"));
        if (TrustRefusal(request, body.TrustIssuers ?? [], text, out var trust) is { } untrusted)
            return (null, untrusted);
        var holder = await AddressHolder.FindAsync(directory, request, ct);
        if (holder is null)
            return await NewContactAsync(request, body, trust, db, directory, text, ct);
        if (!holder.IsContact || (body.ContactName?.Trim() is { Length: > 0 } other && !string.Equals(other, holder.Entry.Name, StringComparison.OrdinalIgnoreCase)))
            return (null, Problems.Of(StatusCodes.Status409Conflict, "AddressHeld", text,
                holder.IsContact ? "Requests.AddressHeldByContact" : "Requests.AddressHeld", request.EmailAddress, holder.Entry.Name, holder.Entry.Kind));
        var replace = holder.WouldReplace.Select(CertificateFacts.Sha1Thumbprint).ToList();
        var renewal = await Renewals.IsRenewalAsync(db, request, holder, ct);
        if (replace.Count > 0 && body.ReplaceExisting != true && !renewal)
            return (null, WouldReplace(holder, text));
        return (new(holder.Entry.Name, holder.Entry.Identity, trust, replace, renewal), null);
    }

    private static async Task<(ApprovalPlan?, ProblemHttpResult?)> NewContactAsync(ContactRequest request, ApproveRequest body,
        IReadOnlyList<string> trust, AppDbContext db, IDirectory directory, IStringLocalizer<Messages> text, CancellationToken ct)
    {
        var name = body.ContactName?.Trim() is { Length: > 0 } chosen ? chosen : request.ContactName;
        if (!ContactNames.IsValid(name))
            return (null, Problems.Validation("contactName", text, "Requests.InvalidContactName"));
        if (!string.Equals(name, request.ContactName, StringComparison.OrdinalIgnoreCase)
            && await ContactRequestStates.IsNameTakenAsync(db, directory, name, request.EmailAddress, ct))
            return (null, Problems.Of(StatusCodes.Status409Conflict, "ContactNameTaken", text, "Requests.ContactNameTaken", name));
        return (new(name, null, trust, []), null);
    }

    /// <summary>Each thumbprint must name a CA of the request's own file: nothing else can be let in by an approval.</summary>
    private static ProblemHttpResult? TrustRefusal(ContactRequest request, IReadOnlyList<string> asked, IStringLocalizer<Messages> text,
        out IReadOnlyList<string> trust)
    {
        trust = asked.Select(Thumbprints.Normalize).Distinct().ToList();
        if (trust.FirstOrDefault(t => !Thumbprints.IsValid(t)) is { } malformed)
            return Problems.Validation("trustIssuers", text, "Requests.InvalidThumbprint", malformed);
        var offered = RequestAuthorities.Of(request).Select(CertificateFacts.Sha1Thumbprint).ToHashSet();
        return trust.FirstOrDefault(t => !offered.Contains(t)) is { } foreign
            ? Problems.Validation("trustIssuers", text, "Requests.IssuerNotInRequest", foreign)
            : null;
    }

    private static ProblemHttpResult WouldReplace(AddressHolder holder, IStringLocalizer<Messages> text)
    {
        var problem = Problems.Of(StatusCodes.Status409Conflict, "WouldReplace", text, "Requests.WouldReplace",
            holder.Entry.Name, holder.WouldReplace.Count);
        problem.ProblemDetails.Extensions["wouldReplace"] = holder.WouldReplace.Select(ReplacedCertificate.From).ToList();
        return problem;
    }
}

/// <summary>A certificate on the directory entry that approving would replace.</summary>
public sealed record ReplacedCertificate(string Thumbprint, string Subject, string Issuer, DateTimeOffset NotAfter)
{
    public static ReplacedCertificate From(Org.BouncyCastle.X509.X509Certificate certificate) => new(
        CertificateFacts.Sha1Thumbprint(certificate), CertificateFacts.Subject(certificate), CertificateFacts.Issuer(certificate),
        new DateTimeOffset(certificate.NotAfter, TimeSpan.Zero));
}
