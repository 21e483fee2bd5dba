using System.Text;

namespace SmimeAddin.Certificates;

/// <summary>Reads every certificate out of a file a user uploads: DER, PEM, PKCS#7, CMS signatures, signed messages.
/// Bad input of any kind comes back as a refusal, never as an exception.</summary>
public static class CertificateReader
{
    public static CertificateReadResult Read(ReadOnlyMemory<byte> bytes) => Read(bytes, ReadLimits.None);

    /// <exception cref="OperationCanceledException"><see cref="ReadLimits.Ct"/> was cancelled.</exception>
    public static CertificateReadResult Read(ReadOnlyMemory<byte> bytes, ReadLimits limits)
    {
        limits.Ct.ThrowIfCancellationRequested();
        if (bytes.IsEmpty)
            return CertificateReadResult.Refused(ReadRefusal.EmptyFile);
        if (SerializedStore.HasHeader(bytes.Span))
            return ReadSerializedStore(bytes.Span, limits);
        if (LooksLikeAsn1Sequence(bytes.Span))
            return DerFile.Read(bytes, limits);
        return ReadText(bytes, limits);
    }

    /// <summary>PEM and .eml files. A signed message may quote PEM in its body, so its signature is looked for first;
    /// a private key anywhere in the text refuses the whole file.</summary>
    private static CertificateReadResult ReadText(ReadOnlyMemory<byte> bytes, ReadLimits limits)
    {
        // Latin-1 maps every byte to one char, so nothing fails to decode and ASCII armour reads as itself.
        var text = Encoding.Latin1.GetString(bytes.Span);
        if (PemCertificates.PrivateKeyBlock().IsMatch(text))
            return CertificateReadResult.Refused(ReadRefusal.PrivateKey);
        var message = SignedMessageCertificates.Load(bytes);
        if (message is not null && SignedMessageCertificates.FindCmsPart(message) is { } cmsPart)
            return SignedMessageCertificates.Read(cmsPart, limits);
        if (PemCertificates.HasBlocks(text))
            return PemCertificates.Read(text, limits);
        if (message is not null && SignedMessageCertificates.IsMailMessage(message))
            return CertificateReadResult.Refused(ReadRefusal.NoCertificate);
        return CertificateReadResult.Refused(ReadRefusal.UnsupportedFormat);
    }

    /// <summary>A Microsoft .sst: its certificate entries in file order (CRLs and CTLs are not certificates).</summary>
    private static CertificateReadResult ReadSerializedStore(ReadOnlySpan<byte> bytes, ReadLimits limits)
    {
        if (SerializedStore.Read(bytes).Store is not { } store)
            return CertificateReadResult.Refused(ReadRefusal.CorruptFile);
        if (store.Entries.Count(e => e.IsCertificate) > limits.MaxCertificates)
            return CertificateReadResult.TooMany;
        var certificates = new List<FileCertificate>();
        foreach (var der in store.CertificateDers)
        {
            limits.Ct.ThrowIfCancellationRequested();
            if (DerFile.CertificateOrNull(der) is not { } certificate)
                return CertificateReadResult.Refused(ReadRefusal.CorruptFile);
            certificates.Add(new(certificate, false));
        }
        return CertificateReadResult.Read(CertificateFileFormat.SerializedStore, certificates);
    }

    /// <summary>Certificates, CMS and PFX files are all one SEQUENCE. Anything that size (over 127 bytes) needs a
    /// long-form or indefinite length byte (0x80 and up), which no ASCII text has after a leading '0'.</summary>
    private static bool LooksLikeAsn1Sequence(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 2 && bytes[0] == 0x30 && (bytes[1] >= 0x80 || bytes[1] == bytes.Length - 2);
}
