using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.X509;
using SmimeAddin.Certificates;
using SmimeAddin.TrustedIssuers;

namespace SmimeAddin.Recipients;

/// <summary>Verdicts on the hot path of every check, cached per (certificate, recipient addresses, trusted-issuer
/// list) until the next moment one could change: a validity boundary of the certificate or its chain, or the start
/// of the ExpiresSoon window.</summary>
public sealed class CertificateVerdicts(IMemoryCache cache, TimeProvider time, IOptions<CertificatesOptions> options)
{
    private static readonly TimeSpan LongestReuse = TimeSpan.FromHours(1);

    /// <summary>As OWA matches a certificate: against the primary SMTP address, then the proxy addresses.</summary>
    public Verdict Judge(X509Certificate certificate, IReadOnlyList<string> addresses, IReadOnlyList<X509Certificate> intermediates, TrustedIssuerList trusted)
    {
        var key = $"verdict:{CertificateFacts.Sha256Thumbprint(certificate)}:{trusted.Version}:{string.Join(',', addresses).ToLowerInvariant()}";
        if (cache.TryGetValue(key, out Verdict? known))
            return known!;

        var now = time.GetUtcNow();
        var window = TimeSpan.FromDays(options.Value.ExpiresSoonDays);
        Verdict? first = null;
        foreach (var address in addresses)
        {
            var verdict = CertificateJudge.Judge(certificate, address, trusted.Certificates, intermediates, now, window);
            first ??= verdict;
            if (verdict.Findings.All(f => f.Code != FindingCode.AddressMismatch))
            {
                first = verdict;
                break;
            }
        }
        first ??= CertificateJudge.Judge(certificate, null, trusted.Certificates, intermediates, now, window);
        cache.Set(key, first, NextChange(certificate, intermediates, window, now));
        return first;
    }

    private static DateTimeOffset NextChange(X509Certificate certificate, IEnumerable<X509Certificate> intermediates, TimeSpan window, DateTimeOffset now)
    {
        var boundaries = intermediates.Append(certificate)
            .SelectMany(c => new[] { c.NotBefore, c.NotAfter })
            .Append(certificate.NotAfter - window)
            .Select(t => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)))
            .Where(t => t > now);
        return boundaries.Append(now + LongestReuse).Min();
    }
}
