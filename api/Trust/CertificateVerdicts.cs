using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.X509;
using SmimeAddin.Certificates;
using SmimeAddin.Directory;

namespace SmimeAddin.Trust;

/// <summary>"Could OWA encrypt to this address with this certificate, now?": a certificate judged against the
/// organisation's trusted issuers as the directory holds them, at the app's time. The one place that question is
/// asked, by readiness checks, uploads, requests and their admin view alike.
/// Verdicts on published certificates, the hot path of every readiness check, are cached per (certificate, addresses,
/// intermediates, trusted-issuer list) until the next moment one could change: a validity boundary of the certificate
/// or its chain, or the start of the ExpiresSoon window. Uploaded certificates are judged afresh: each is seen once,
/// and files of anybody's making would only fill the cache.</summary>
public sealed class CertificateVerdicts(TrustedIssuerStore issuers, TimeProvider time, IOptions<CertificatesOptions> options) : IDisposable
{
    /// <summary>Far more certificates than a tenant's senders address in an hour; the bound is against surprises.</summary>
    private const int MaxCachedVerdicts = 20_000;
    private static readonly TimeSpan LongestReuse = TimeSpan.FromHours(1);

    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = MaxCachedVerdicts });

    /// <summary>An uploaded certificate, with the intermediates that came beside it, for <paramref name="address"/>
    /// (null: for no address in particular), against the trusted issuers as they are now. Not cached. <paramref name="ct"/>
    /// reaches the judging itself: a judgement nobody waits for stops.</summary>
    public async Task<Verdict> JudgeAsync(X509Certificate certificate, string? address, IReadOnlyList<X509Certificate> intermediates, CancellationToken ct) =>
        JudgeNow(certificate, address, intermediates, await issuers.GetAsync(ct), time.GetUtcNow(), ct);

    /// <summary>As OWA matches a certificate: against the primary SMTP address, then the proxy addresses; the first
    /// address the certificate names decides.</summary>
    public Verdict Judge(X509Certificate certificate, IReadOnlyList<string> addresses, IReadOnlyList<X509Certificate> intermediates, TrustedIssuerList trusted)
    {
        var key = Key(certificate, addresses, intermediates, trusted);
        if (cache.TryGetValue(key, out Verdict? known))
            return known!;

        var now = time.GetUtcNow();
        Verdict? first = null;
        foreach (var address in addresses)
        {
            var verdict = JudgeNow(certificate, address, intermediates, trusted, now);
            first ??= verdict;
            if (verdict.Findings.All(f => f.Code != FindingCode.AddressMismatch))
            {
                first = verdict;
                break;
            }
        }
        first ??= JudgeNow(certificate, null, intermediates, trusted, now);
        cache.Set(key, first, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = NextChange(certificate, intermediates, now) });
        return first;
    }

    /// <summary>The certificate OWA would use among those <paramref name="recipient"/> publishes, and its verdict: a
    /// usable one, else the one with the fewest errors, the newest first. Null when it publishes none for a person.</summary>
    public PublishedVerdict? JudgePublished(DirectoryRecipient recipient, TrustedIssuerList trusted)
    {
        var candidates = PublishedCertificates.Of(recipient);
        if (candidates.EndEntities.Count == 0)
            return null;
        var addresses = recipient.EmailAddresses.Prepend(recipient.PrimarySmtpAddress).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return candidates.EndEntities
            .Select(c => new PublishedVerdict(c, Judge(c, addresses, candidates.Intermediates, trusted)))
            .OrderByDescending(c => c.Verdict.Usable)
            .ThenBy(c => c.Verdict.Findings.Count(f => f.Severity == Severity.Error))
            .ThenByDescending(c => c.Certificate.NotAfter)
            .First();
    }

    public void Dispose() => cache.Dispose();

    private Verdict JudgeNow(X509Certificate certificate, string? address, IReadOnlyList<X509Certificate> intermediates, TrustedIssuerList trusted,
        DateTimeOffset now, CancellationToken ct = default) =>
        CertificateJudge.Judge(certificate, address, trusted.Certificates, intermediates, now, ExpiresSoonWindow, ct);

    private TimeSpan ExpiresSoonWindow => TimeSpan.FromDays(options.Value.ExpiresSoonDays);

    private static string Key(X509Certificate certificate, IReadOnlyList<string> addresses, IReadOnlyList<X509Certificate> intermediates, TrustedIssuerList trusted) =>
        $"{CertificateFacts.Sha256Thumbprint(certificate)}:{trusted.Version}:{string.Join(',', addresses).ToLowerInvariant()}:" +
        string.Join(',', intermediates.Select(CertificateFacts.Sha256Thumbprint).Order(StringComparer.Ordinal));

    private DateTimeOffset NextChange(X509Certificate certificate, IEnumerable<X509Certificate> intermediates, DateTimeOffset now)
    {
        var boundaries = intermediates.Append(certificate)
            .SelectMany(c => new[] { c.NotBefore, c.NotAfter })
            .Append(certificate.NotAfter - ExpiresSoonWindow)
            .Select(t => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)))
            .Where(t => t > now);
        return boundaries.Append(now + LongestReuse).Min();
    }
}

/// <summary>A published certificate and its verdict now.</summary>
public sealed record PublishedVerdict(X509Certificate Certificate, Verdict Verdict);
