using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace SmimeAddin.Certificates;

/// <summary>A binary ASN.1 file: one certificate (.cer/.der/.crt), a CMS ContentInfo (.p7b/.p7c/.p7s/.p7m, DER or
/// BER) or a PKCS#12 PFX (.pfx/.p12).</summary>
internal static class DerFile
{
    public static CertificateReadResult Read(ReadOnlyMemory<byte> bytes, ReadLimits limits)
    {
        try
        {
            // FromByteArray refuses trailing bytes, so a file with a second, appended object counts as corrupt.
            if (Asn1Object.FromByteArray(bytes.ToArray()) is not Asn1Sequence sequence)
                return CertificateReadResult.Refused(ReadRefusal.UnsupportedFormat);
            if (IsPfx(sequence))
                return CertificateReadResult.Refused(ReadRefusal.PrivateKey);
            if (IsContentInfo(sequence))
                return CmsCertificates.Read(ContentInfo.GetInstance(sequence), limits);
            if (IsCertificate(sequence))
                return CertificateReadResult.Read(CertificateFileFormat.DerCertificate, [new(Certificate(sequence), false)]);
            return CertificateReadResult.Refused(ReadRefusal.UnsupportedFormat);
        }
        catch (Exception e) when (ParseFailure.Is(e))
        {
            return CertificateReadResult.Refused(ReadRefusal.CorruptFile);
        }
    }

    /// <summary>The certificate that exactly fills <paramref name="der"/>; null when it is malformed.</summary>
    public static X509Certificate? CertificateOrNull(byte[] der)
    {
        try
        {
            return Asn1Object.FromByteArray(der) is Asn1Sequence sequence && IsCertificate(sequence) ? Certificate(sequence) : null;
        }
        catch (Exception e) when (ParseFailure.Is(e))
        {
            return null;
        }
    }

    public static X509Certificate Certificate(Asn1Encodable structure) =>
        new(X509CertificateStructure.GetInstance(structure));

    /// <summary>PFX ::= SEQUENCE { version INTEGER {v3(3)}, authSafe ContentInfo, macData MacData OPTIONAL }
    /// (RFC 7292). Recognised without the password: whatever it holds, a PFX is meant to carry a private key.</summary>
    private static bool IsPfx(Asn1Sequence sequence) =>
        sequence.Count is 2 or 3
        && sequence[0] is DerInteger version && version.HasValue(3)
        && sequence[1] is Asn1Sequence { Count: > 0 } authSafe && authSafe[0] is DerObjectIdentifier;

    /// <summary>ContentInfo ::= SEQUENCE { contentType OBJECT IDENTIFIER, content [0] EXPLICIT ANY OPTIONAL }.</summary>
    private static bool IsContentInfo(Asn1Sequence sequence) =>
        sequence.Count is 1 or 2 && sequence[0] is DerObjectIdentifier
        && (sequence.Count == 1 || sequence[1] is Asn1TaggedObject);

    /// <summary>Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }.</summary>
    private static bool IsCertificate(Asn1Sequence sequence) =>
        sequence.Count == 3 && sequence[0] is Asn1Sequence && sequence[1] is Asn1Sequence && sequence[2] is DerBitString;
}
