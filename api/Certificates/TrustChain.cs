using System.Runtime.CompilerServices;
using System.Text;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace SmimeAddin.Certificates;

/// <summary>What path building found: a chain, none, or that the search ran out of budget before it could tell.</summary>
internal sealed record ChainSearch(IReadOnlyList<X509Certificate>? Chain, bool TooComplex);

/// <summary>Path building to the organisation's trusted issuers. Anchors are only the configured ones: a root that
/// came with an upload is just another candidate and can never end a chain (RFC 5280 6.1; MimeKit does the same).
/// The work is bounded: a file of same-name CAs that all sign each other offers K!/(K-8)! paths, so failed subtrees
/// are remembered, signature checks are memoised and counted, and past the budget the answer is "too complex".</summary>
internal static class TrustChain
{
    private const int MaxDepth = 8;
    private const int KeyCertSign = 5;
    /// <summary>Issuers tried for one certificate: re-issued and cross-signed roots give a handful, never dozens.</summary>
    internal const int MaxIssuerCandidates = 16;
    /// <summary>Distinct signature verifications per judgement; an honest chain of depth 8 with a few re-issued CAs per
    /// level needs well under this.</summary>
    internal const int MaxSignatureChecks = 64;

    /// <summary>The certificate, then each issuer up to the first trusted one; null when no such chain exists at
    /// <paramref name="now"/>. BouncyCastle's X509Certificate equality is DER equality.</summary>
    public static ChainSearch Build(X509Certificate certificate, IReadOnlyCollection<X509Certificate> trustedIssuers,
        IReadOnlyCollection<X509Certificate> intermediates, DateTime now, CancellationToken ct = default)
    {
        var (anchors, candidates) = CandidatesOf(trustedIssuers, intermediates);
        if (anchors.Contains(certificate))
            return new([certificate], false);
        var search = new Search(candidates, anchors, now, ct);
        var path = new List<X509Certificate> { certificate };
        try
        {
            return search.Extend(path) ? new(path, false) : new(null, false);
        }
        catch (BudgetExceededException)
        {
            return new(null, true);
        }
    }

    private sealed class BudgetExceededException : Exception;

    private sealed record Candidates(IReadOnlyCollection<X509Certificate> TrustedIssuers, int Count, HashSet<X509Certificate> Anchors,
        ILookup<string, X509Certificate> BySubject);

    private static readonly ConditionalWeakTable<IReadOnlyCollection<X509Certificate>, StrongBox<Candidates>> Indexed = [];

    /// <summary>Anchors first, so a chain stops at the first trusted certificate rather than climbing past it; grouped
    /// by subject, so each step looks only at the certificates that could have issued it (a 500-CA store judged
    /// certificate by certificate would otherwise compare 250,000 names). Remembered per intermediates collection
    /// (taken as unchanging, as its type says) and trusted list: inspect judges each of a file's certificates against
    /// the whole file, and rebuilding this per certificate made a 1,000-certificate file a million steps. The
    /// certificate being judged may be among the intermediates: it heads the path, so it is never its own issuer.</summary>
    private static (HashSet<X509Certificate> Anchors, ILookup<string, X509Certificate> BySubject) CandidatesOf(
        IReadOnlyCollection<X509Certificate> trustedIssuers, IReadOnlyCollection<X509Certificate> intermediates)
    {
        var box = Indexed.GetValue(intermediates, static _ => new StrongBox<Candidates>());
        if (box.Value is { } known && ReferenceEquals(known.TrustedIssuers, trustedIssuers) && known.Count == intermediates.Count)
            return (known.Anchors, known.BySubject);
        var anchors = trustedIssuers.ToHashSet();
        var bySubject = anchors.Concat(intermediates.Where(c => !anchors.Contains(c))).Distinct().ToLookup(c => NameKey(c.SubjectDN));
        box.Value = new(trustedIssuers, intermediates.Count, anchors, bySubject);
        return (anchors, bySubject);
    }

    private sealed class Search(ILookup<string, X509Certificate> candidates, HashSet<X509Certificate> anchors, DateTime now, CancellationToken ct)
    {
        /// <summary>For each certificate, the shortest path length at which extending from it failed. Failing depends on
        /// the path only through its length (deeper is never easier) and, in an issuer graph with cycles, through which
        /// certificates the path already holds: exact for ordinary hierarchies, and a bound on the loops.</summary>
        private readonly Dictionary<X509Certificate, int> failedAt = [];
        private readonly Dictionary<(X509Certificate Child, X509Certificate Issuer), bool> signatures = [];

        /// <summary>Depth-first over every candidate issuer: trust lists hold several certificates with one subject
        /// (re-issued roots, cross-signed copies), so the first name match may be the wrong key.</summary>
        public bool Extend(List<X509Certificate> path)
        {
            if (path.Count > MaxDepth)
                return false;
            var child = path[^1];
            var tried = 0;
            foreach (var issuer in candidates[NameKey(child.IssuerDN)])
            {
                ct.ThrowIfCancellationRequested();
                var trusted = anchors.Contains(issuer);
                if (path.Contains(issuer) || (!trusted && failedAt.TryGetValue(issuer, out var failed) && failed <= path.Count + 1)
                    || !MayHaveIssued(issuer, child, trusted, caCertificatesBelow: path.Count - 1)
                    || now < issuer.NotBefore || now > issuer.NotAfter)
                    continue;
                if (++tried > MaxIssuerCandidates)
                    throw new BudgetExceededException();
                if (!IsSignedBy(child, issuer))
                    continue;
                path.Add(issuer);
                if (trusted || Extend(path))
                    return true;
                path.RemoveAt(path.Count - 1);
                failedAt[issuer] = Math.Min(failedAt.GetValueOrDefault(issuer, int.MaxValue), path.Count + 1);
            }
            return false;
        }

        private bool IsSignedBy(X509Certificate child, X509Certificate issuer)
        {
            if (signatures.TryGetValue((child, issuer), out var known))
                return known;
            if (signatures.Count >= MaxSignatureChecks)
                throw new BudgetExceededException();
            return signatures[(child, issuer)] = CertificateSignature.IsSignedBy(child, issuer);
        }
    }

    private static readonly ConditionalWeakTable<X509Name, string> NameKeys = [];

    /// <summary>A key equal for any two names <see cref="X509Name.Equivalent(X509Name, bool)"/> calls equal in order (it may
    /// also join a few that are not: <see cref="MayHaveIssued"/> still decides). Built as BouncyCastle compares: per
    /// attribute, its OID and its value lower-cased, a #-hex value decoded when it is a string, and here without any
    /// whitespace (BouncyCastle trims and collapses it). Remembered per name object: a certificate's names are parsed once.</summary>
    internal static string NameKey(X509Name name) => NameKeys.GetValue(name, static name =>
    {
        var key = new StringBuilder();
        var oids = name.GetOidList();
        var values = name.GetValueList();
        for (var i = 0; i < oids.Count; i++)
        {
            key.Append(oids[i].Id).Append('=');
            foreach (var c in Canonical(values[i]))
            {
                if (!char.IsWhiteSpace(c))
                    key.Append(c);
            }
            key.Append('\0');
        }
        return key.ToString();
    });

    private static string Canonical(string value)
    {
        var lower = value.ToLowerInvariant().Trim();
        if (!lower.StartsWith('#'))
            return lower;
        try
        {
            return Asn1Object.FromByteArray(Convert.FromHexString(lower.AsSpan(1))) is IAsn1String text ? text.GetString().ToLowerInvariant() : lower;
        }
        catch (Exception e) when (ParseFailure.Is(e))
        {
            return lower;
        }
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
