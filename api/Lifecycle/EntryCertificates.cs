using Org.BouncyCastle.X509;
using SmimeAddin.Certificates;
using SmimeAddin.Directory;

namespace SmimeAddin.Lifecycle;

/// <summary>The people's certificates published on one directory entry (UserCertificate values and the end entities of
/// UserSMimeCertificate's PKCS#7), each once, and what could not be read: a value that is not what the attribute
/// holds is said, never skipped as if nothing were there.</summary>
internal sealed record EntryCertificates(IReadOnlyList<X509Certificate> Certificates, IReadOnlyList<string> Problems)
{
    public static EntryCertificates Of(DirectoryRecipient entry)
    {
        var certificates = new List<X509Certificate>();
        var problems = new List<string>();
        foreach (var (value, index) in entry.UserCertificates.Select((v, i) => (v, i + 1)))
        {
            if (DerFile.CertificateOrNull(value) is { } certificate)
                certificates.Add(certificate);
            else
                problems.Add($"UserCertificate value {index} of {entry.UserCertificates.Count} is not a DER certificate.");
        }
        foreach (var (value, index) in entry.UserSmimeCertificates.Select((v, i) => (v, i + 1)))
        {
            if (CertificateReader.Read(value).File is { } file)
                certificates.AddRange(file.Certificates.Select(c => c.Certificate));
            else
                problems.Add($"UserSMimeCertificate value {index} of {entry.UserSmimeCertificates.Count} is not a PKCS #7 of certificates.");
        }
        return new(certificates.Where(c => !CertificateAuthorities.IsCertificateAuthority(c)).DistinctBy(CertificateFacts.Sha1Thumbprint).ToList(),
            problems);
    }
}
