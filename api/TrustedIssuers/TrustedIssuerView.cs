using Org.BouncyCastle.X509;
using SmimeAddin.Certificates;
using SmimeAddin.Trust;

namespace SmimeAddin.TrustedIssuers;

/// <param name="IsRoot">Self-signed: the top of a chain. Otherwise an intermediate CA.</param>
/// <param name="Expired">Exchange Online refuses a list that holds an expired CA; remove it.</param>
public sealed record TrustedIssuerView(
    string Thumbprint,
    string Subject,
    string Issuer,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    bool IsRoot,
    bool Expired,
    string? FriendlyName)
{
    public static TrustedIssuerView From(X509Certificate certificate, string? friendlyName, DateTimeOffset now) => new(
        CertificateFacts.Sha1Thumbprint(certificate),
        CertificateFacts.Subject(certificate),
        CertificateFacts.Issuer(certificate),
        new DateTimeOffset(certificate.NotBefore, TimeSpan.Zero),
        new DateTimeOffset(certificate.NotAfter, TimeSpan.Zero),
        CertificateAuthorities.IsSelfSigned(certificate),
        TrustedIssuerRules.IsExpired(certificate, now),
        friendlyName);

    public static IReadOnlyList<TrustedIssuerView> ListOf(SerializedStore store, DateTimeOffset now) =>
        store.Entries.Where(e => e.IsCertificate)
            .Select(e => (Certificate: DerFile.CertificateOrNull(e.Body.Value), e.FriendlyName))
            .Where(e => e.Certificate is not null)
            .Select(e => From(e.Certificate!, e.FriendlyName, now))
            .ToList();
}
