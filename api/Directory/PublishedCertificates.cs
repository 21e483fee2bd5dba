using Org.BouncyCastle.X509;
using SmimeAddin.Certificates;

namespace SmimeAddin.Directory;

/// <summary>The certificates a recipient has in the directory, the way Outlook finds them: UserSMimeCertificate
/// (PKCS#7 with the chain) first, then UserCertificate (one DER each).</summary>
internal static class PublishedCertificates
{
    public sealed record Candidates(IReadOnlyList<X509Certificate> EndEntities, IReadOnlyList<X509Certificate> Intermediates);

    public static Candidates Of(DirectoryRecipient recipient)
    {
        var fromSmime = recipient.UserSmimeCertificates
            .SelectMany(blob => CertificateReader.Read(blob).File?.Certificates.Select(c => c.Certificate) ?? [])
            .ToList();
        var fromUser = recipient.UserCertificates.Select(DerFile.CertificateOrNull).OfType<X509Certificate>();
        var all = fromSmime.Concat(fromUser).DistinctBy(CertificateFacts.Sha1Thumbprint).ToList();
        return new(
            all.Where(c => !CertificateAuthorities.IsCertificateAuthority(c)).ToList(),
            all.Where(CertificateAuthorities.IsCertificateAuthority).ToList());
    }
}
