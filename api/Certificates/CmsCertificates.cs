using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using PkcsObjectIdentifiers = Org.BouncyCastle.Asn1.Pkcs.PkcsObjectIdentifiers;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;

namespace SmimeAddin.Certificates;

/// <summary>The certificates of a CMS (PKCS#7) ContentInfo: a certificates-only bundle, or SignedData whose
/// signers we mark. Parsed from the ASN.1 structures rather than through CmsSignedData so the certificates keep
/// the order the file holds them in and nothing is verified or re-encoded.</summary>
internal static class CmsCertificates
{
    /// <summary>Reads an encoded ContentInfo, as found in a PEM PKCS7 block or an S/MIME part.</summary>
    public static CertificateReadResult Read(byte[] der, ReadLimits limits)
    {
        try
        {
            // FromByteArray gives null for no bytes at all: an S/MIME part or PEM block with an empty body.
            return Asn1Object.FromByteArray(der) is Asn1Sequence contentInfo
                ? Read(ContentInfo.GetInstance(contentInfo), limits)
                : CertificateReadResult.Refused(ReadRefusal.CorruptFile);
        }
        catch (Exception e) when (ParseFailure.Is(e))
        {
            return CertificateReadResult.Refused(ReadRefusal.CorruptFile);
        }
    }

    public static CertificateReadResult Read(ContentInfo contentInfo, ReadLimits limits)
    {
        var type = contentInfo.ContentType;
        if (type.Equals(CmsObjectIdentifiers.EnvelopedData) || type.Equals(CmsObjectIdentifiers.AuthEnvelopedData)
            || type.Equals(PkcsObjectIdentifiers.SignedAndEnvelopedData))
            return CertificateReadResult.Refused(ReadRefusal.EncryptedMessage);
        if (!type.Equals(CmsObjectIdentifiers.SignedData) || contentInfo.Content is null)
            return CertificateReadResult.Refused(ReadRefusal.UnsupportedFormat);

        var signedData = SignedData.GetInstance(contentInfo.Content);
        var signers = signedData.SignerInfos.Select(s => SignerInfo.GetInstance(s).SignerID).ToList();
        if (signedData.Certificates?.Count > limits.MaxCertificates)
            return CertificateReadResult.TooMany;
        var certificates = new List<FileCertificate>();
        // CertificateChoices also allows attribute and other certificates, all [n]-tagged: not X.509, so skipped.
        foreach (var choice in signedData.Certificates?.Cast<Asn1Encodable>() ?? [])
        {
            limits.Ct.ThrowIfCancellationRequested();
            if (choice is Asn1TaggedObject)
                continue;
            var certificate = DerFile.Certificate(choice);
            certificates.Add(new(certificate, signers.Any(signer => Identifies(signer, certificate))));
        }
        var format = signers.Count == 0 ? CertificateFileFormat.Pkcs7CertificatesOnly : CertificateFileFormat.CmsSignedData;
        return CertificateReadResult.Read(format, certificates);
    }

    /// <summary>SignerIdentifier ::= CHOICE { issuerAndSerialNumber, subjectKeyIdentifier [0] } (RFC 5652 5.3).</summary>
    private static bool Identifies(SignerIdentifier signer, X509Certificate certificate)
    {
        if (signer.IsTagged)
            return SubjectKeyIdentifier(certificate) is { } keyId
                && keyId.AsSpan().SequenceEqual(Asn1OctetString.GetInstance(signer.ID).GetOctets());
        var issuerAndSerial = IssuerAndSerialNumber.GetInstance(signer.ID);
        return issuerAndSerial.SerialNumber.Value.Equals(certificate.SerialNumber)
            && issuerAndSerial.Issuer.Equivalent(certificate.IssuerDN);
    }

    private static byte[]? SubjectKeyIdentifier(X509Certificate certificate) =>
        certificate.GetExtensionValue(X509Extensions.SubjectKeyIdentifier) is { } extension
            ? Org.BouncyCastle.Asn1.X509.SubjectKeyIdentifier.GetInstance(X509ExtensionUtilities.FromExtensionValue(extension)).GetKeyIdentifier()
            : null;
}
