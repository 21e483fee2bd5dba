using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using SmimeAddin.Certificates;

namespace SmimeAddin.Trust;

public enum IssuerWarningCode
{
    /// <summary>Named like a CA the organisation trusts or a public root, with another key: perhaps an impersonation.</summary>
    LookalikeIssuer,

    /// <summary>A self-signed root: trusting it trusts whatever it signs, for every address, for the whole organisation.</summary>
    NewRoot,
}

/// <param name="LikeSubject">For <see cref="IssuerWarningCode.LookalikeIssuer"/>: the subject it imitates.</param>
/// <param name="LikeTrusted">True when it imitates a CA already trusted, false for a public root.</param>
public sealed record IssuerWarning(IssuerWarningCode Code, string? LikeSubject = null, bool LikeTrusted = false);

/// <summary>What an approver must see before letting a request's CA into the trusted issuers. A look-alike is named
/// like a trusted CA or a public root (the same subject, or the same common name, which is what people read) but has
/// another key; the real one with the same key is no look-alike.</summary>
public static class IssuerWarnings
{
    public static IReadOnlyList<IssuerWarning> For(X509Certificate authority, TrustedIssuerList trusted)
    {
        var warnings = new List<IssuerWarning>();
        if (Lookalike(authority, trusted) is { } imitated)
            warnings.Add(imitated);
        if (CertificateAuthorities.IsSelfSigned(authority) && !trusted.Certificates.Contains(authority))
            warnings.Add(new(IssuerWarningCode.NewRoot));
        return warnings;
    }

    private static IssuerWarning? Lookalike(X509Certificate authority, TrustedIssuerList trusted)
    {
        var key = SpkiSha256(authority);
        if (trusted.Certificates.FirstOrDefault(t => SameName(t.SubjectDN, authority.SubjectDN) && SpkiSha256(t) != key) is { } like)
            return new(IssuerWarningCode.LookalikeIssuer, CertificateFacts.Subject(like), LikeTrusted: true);
        return WellKnownRoots.All.FirstOrDefault(r => SameName(r.Subject, authority.SubjectDN) && r.SpkiSha256 != key) is { } root
            ? new(IssuerWarningCode.LookalikeIssuer, root.Subject.ToString(), LikeTrusted: false)
            : null;
    }

    private static bool SameName(X509Name a, X509Name b)
    {
        if (a.Equivalent(b))
            return true;
        var (first, second) = (CommonName(a), CommonName(b));
        return first is not null && string.Equals(first, second, StringComparison.OrdinalIgnoreCase);
    }

    private static string? CommonName(X509Name name) => name.GetValueList(X509Name.CN).FirstOrDefault()?.Trim();

    private static string SpkiSha256(X509Certificate certificate) =>
        Convert.ToHexString(SHA256.HashData(certificate.CertificateStructure.SubjectPublicKeyInfo.GetEncoded()));
}
