using Org.BouncyCastle.X509;
using SmimeAddin.Certificates;

namespace SmimeAddin.TrustedIssuers;

/// <summary>What may go in the list Exchange Online validates S/MIME certificates against.</summary>
public static class TrustedIssuerRules
{
    /// <summary>basicConstraints cA=true; or an X.509 v1 self-signed root, which predates extensions.</summary>
    public static bool IsCertificateAuthority(X509Certificate certificate) =>
        certificate.GetBasicConstraints() >= 0 || (certificate.Version == 1 && IsSelfSigned(certificate));

    public static bool IsSelfSigned(X509Certificate certificate) =>
        certificate.SubjectDN.Equivalent(certificate.IssuerDN, true) && CertificateSignature.IsSignedBy(certificate, certificate);

    /// <summary>Set-SmimeConfig fails when any certificate in the store has expired.</summary>
    public static bool IsExpired(X509Certificate certificate, DateTimeOffset now) => certificate.NotAfter < now.UtcDateTime;
}
