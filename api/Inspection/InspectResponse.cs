using Microsoft.Extensions.Localization;
using SmimeAddin.Certificates;
using SmimeAddin.Resources;

namespace SmimeAddin.Inspection;

/// <param name="Format">What the file was: DerCertificate, Pem, Pkcs7CertificatesOnly, CmsSignedData, SignedMessage, SerializedStore.</param>
/// <param name="Certificates">Every certificate in the order the file holds them.</param>
public sealed record InspectResponse(string Format, IReadOnlyList<CertificateView> Certificates);

/// <param name="Thumbprint">SHA-1 of the DER, upper-case hex, as Windows shows it.</param>
/// <param name="SignedTheFile">True for the certificate whose key signed the .p7s or the message.</param>
/// <param name="Usable">True when no finding is an error: OWA could encrypt to the address with it.</param>
/// <param name="Chain">Thumbprints from this certificate up to the trusted issuer.</param>
public sealed record CertificateView(
    string Thumbprint,
    string Sha256,
    string Subject,
    string Issuer,
    string SerialNumber,
    IReadOnlyList<string> EmailAddresses,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    string KeyAlgorithm,
    int KeySize,
    string? KeyCurve,
    IReadOnlyList<string>? KeyUsages,
    IReadOnlyList<string>? ExtendedKeyUsages,
    bool SignedTheFile,
    bool Usable,
    IReadOnlyList<FindingView> Findings,
    IReadOnlyList<string> Chain)
{
    public static CertificateView From(FileCertificate file, Verdict verdict, IStringLocalizer<Messages> text)
    {
        var certificate = file.Certificate;
        var key = CertificateFacts.Key(certificate);
        var emails = CertificateFacts.EmailAddresses(certificate);
        return new(
            CertificateFacts.Sha1Thumbprint(certificate),
            CertificateFacts.Sha256Thumbprint(certificate),
            CertificateFacts.Subject(certificate),
            CertificateFacts.Issuer(certificate),
            CertificateFacts.SerialNumber(certificate),
            emails.SubjectAltName.Concat(emails.Subject).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            new DateTimeOffset(certificate.NotBefore, TimeSpan.Zero),
            new DateTimeOffset(certificate.NotAfter, TimeSpan.Zero),
            key.Algorithm,
            key.Bits,
            key.Curve,
            CertificateFacts.KeyUsages(certificate),
            CertificateFacts.ExtendedKeyUsages(certificate)?.Select(CertificateFacts.KeyPurposeName).ToList(),
            file.SignedTheFile,
            verdict.Usable,
            verdict.Findings.Select(f => FindingView.From(f, text)).ToList(),
            verdict.Chain.Select(CertificateFacts.Sha1Thumbprint).ToList());
    }
}
