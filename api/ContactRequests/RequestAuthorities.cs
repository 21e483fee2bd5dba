using Org.BouncyCastle.X509;
using SmimeAddin.Certificates;

namespace SmimeAddin.ContactRequests;

/// <summary>The CA certificates a request's file brought: the only ones an approval may add to the trusted issuers.
/// Requests made before the file's CAs were kept fall back to the CAs of their chain, which is what they showed.</summary>
internal static class RequestAuthorities
{
    public static IReadOnlyList<X509Certificate> Of(ContactRequest request)
    {
        return CasIn(request.Authorities.Length > 0 ? request.Authorities : request.CertificateChain);
    }

    /// <summary>The ones the approver chose (by thumbprint); for a request approved before approvals named
    /// thumbprints with "trust the issuer", every CA of its chain, as that approval meant.</summary>
    public static IReadOnlyList<X509Certificate> ToTrust(ContactRequest request)
    {
        if (Thumbprints.Parse(request.TrustIssuerThumbprints) is { Count: > 0 } chosen)
            return Of(request).Where(c => chosen.Contains(CertificateFacts.Sha1Thumbprint(c))).ToList();
        if (!request.TrustIssuer)
            return [];
        return CasIn(request.CertificateChain);
    }

    private static List<X509Certificate> CasIn(byte[] certificatesOnly) =>
        (CertificateReader.Read(certificatesOnly).File?.Certificates.Select(c => c.Certificate) ?? [])
            .Where(CertificateAuthorities.IsCertificateAuthority)
            .DistinctBy(CertificateFacts.Sha1Thumbprint)
            .ToList();
}

/// <summary>SHA-1 thumbprints as the API takes them (40 hex digits, any case) and as a request keeps them (upper case,
/// comma-separated).</summary>
internal static class Thumbprints
{
    public static bool IsValid(string thumbprint) => thumbprint.Length == 40 && thumbprint.All(char.IsAsciiHexDigit);

    public static string Normalize(string thumbprint) => thumbprint.Trim().ToUpperInvariant();

    public static string? Join(IEnumerable<string> thumbprints) =>
        string.Join(',', thumbprints) is { Length: > 0 } joined ? joined : null;

    public static IReadOnlySet<string> Parse(string? joined) =>
        (joined ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
}
