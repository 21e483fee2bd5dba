using Org.BouncyCastle.X509;

namespace SmimeAddin.Certificates;

/// <summary>Path building to the organisation's trusted issuers. Anchors are only the configured ones: a root that
/// came with an upload is just another candidate and can never end a chain (RFC 5280 6.1; MimeKit does the same).</summary>
internal static class TrustChain
{
    private const int MaxDepth = 8;
    private const int KeyCertSign = 5;

    /// <summary>The certificate, then each issuer up to the first trusted one; null when no such chain exists at
    /// <paramref name="now"/>. BouncyCastle's X509Certificate equality is DER equality.</summary>
    public static IReadOnlyList<X509Certificate>? Build(X509Certificate certificate, IReadOnlyCollection<X509Certificate> trustedIssuers,
        IReadOnlyCollection<X509Certificate> intermediates, DateTime now)
    {
        var anchors = trustedIssuers.ToHashSet();
        if (anchors.Contains(certificate))
            return [certificate];
        // Anchors first, so a chain stops at the first trusted certificate rather than climbing past it.
        var candidates = anchors.Concat(intermediates.Where(c => !anchors.Contains(c))).Distinct().ToList();
        var path = new List<X509Certificate> { certificate };
        return Extend(path, candidates, anchors, now) ? path : null;
    }

    /// <summary>Depth-first over every candidate issuer: trust lists hold several certificates with one subject
    /// (re-issued roots, cross-signed copies), so the first name match may be the wrong key.</summary>
    private static bool Extend(List<X509Certificate> path, List<X509Certificate> candidates, HashSet<X509Certificate> anchors, DateTime now)
    {
        if (path.Count > MaxDepth)
            return false;
        var child = path[^1];
        foreach (var issuer in candidates)
        {
            var trusted = anchors.Contains(issuer);
            if (path.Contains(issuer) || !MayHaveIssued(issuer, child, trusted, caCertificatesBelow: path.Count - 1)
                || now < issuer.NotBefore || now > issuer.NotAfter || !CertificateSignature.IsSignedBy(child, issuer))
                continue;
            path.Add(issuer);
            if (trusted || Extend(path, candidates, anchors, now))
                return true;
            path.RemoveAt(path.Count - 1);
        }
        return false;
    }

    /// <summary>Name chaining (always), key identifiers (when both sides have one), and for an untrusted intermediate
    /// the CA rights RFC 5280 6.1.4 asks for. Without the CA check any end-entity key under a trusted CA could mint
    /// certificates for any address. Anchors are taken as configured, as RFC 5280 treats trust anchors.</summary>
    private static bool MayHaveIssued(X509Certificate issuer, X509Certificate child, bool trusted, int caCertificatesBelow)
    {
        if (!child.IssuerDN.Equivalent(issuer.SubjectDN, true))
            return false;
        if (CertificateFacts.AuthorityKeyId(child) is { } authorityKeyId && CertificateFacts.SubjectKeyId(issuer) is { } subjectKeyId
            && !authorityKeyId.AsSpan().SequenceEqual(subjectKeyId))
            return false;
        if (trusted)
            return true;
        // GetBasicConstraints: -1 for an end entity, else the path length constraint (int.MaxValue when unlimited).
        if (issuer.GetBasicConstraints() < caCertificatesBelow)
            return false;
        var usage = issuer.GetKeyUsage();
        return usage is null || (usage.Length > KeyCertSign && usage[KeyCertSign]);
    }
}
