using Org.BouncyCastle.X509;

namespace SmimeAddin.Certificates;

/// <summary>Whether a certificate is a CA, and whether it signed itself: facts of the certificate alone.</summary>
public static class CertificateAuthorities
{
    /// <summary>basicConstraints cA=true; or an X.509 v1 self-signed root, which predates extensions.</summary>
    public static bool IsCertificateAuthority(X509Certificate certificate) =>
        certificate.GetBasicConstraints() >= 0 || (certificate.Version == 1 && IsSelfSigned(certificate));

    public static bool IsSelfSigned(X509Certificate certificate) =>
        certificate.SubjectDN.Equivalent(certificate.IssuerDN, true) && CertificateSignature.IsSignedBy(certificate, certificate);
}
