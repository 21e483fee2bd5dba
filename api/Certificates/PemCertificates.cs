using System.Text.RegularExpressions;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Utilities.IO.Pem;

namespace SmimeAddin.Certificates;

/// <summary>PEM text (RFC 7468): any number of CERTIFICATE blocks, or a PKCS7 bundle, with any text around them.</summary>
internal static partial class PemCertificates
{
    private static readonly HashSet<string> CertificateLabels = ["CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE"];
    // "CMS" is what OpenSSL's cms command writes; "PKCS #7 SIGNED DATA" is in RFC 7468's list of labels seen in the wild.
    private static readonly HashSet<string> CmsLabels = ["PKCS7", "CMS", "PKCS #7 SIGNED DATA"];

    /// <summary>Any block whose label ends so: PRIVATE KEY, RSA/EC/DSA/OPENSSH/ENCRYPTED PRIVATE KEY, and PGP's
    /// "PGP PRIVATE KEY BLOCK". Looked for in the raw text, so a broken key block still counts as a key.</summary>
    [GeneratedRegex("-----BEGIN [A-Z0-9 ]*PRIVATE KEY", RegexOptions.CultureInvariant)]
    public static partial Regex PrivateKeyBlock();

    public static bool HasBlocks(string text) => text.Contains("-----BEGIN ", StringComparison.Ordinal);

    public static CertificateReadResult Read(string text, ReadLimits limits)
    {
        var blocks = new List<PemObject>();
        try
        {
            var reader = new PemReader(new StringReader(text));
            while (reader.ReadPemObject() is { } block)
            {
                limits.Ct.ThrowIfCancellationRequested();
                blocks.Add(block);
            }
        }
        catch (Exception e) when (ParseFailure.Is(e))
        {
            return CertificateReadResult.Refused(ReadRefusal.CorruptFile);
        }

        var bearing = blocks.Where(b => CertificateLabels.Contains(b.Type) || CmsLabels.Contains(b.Type)).ToList();
        // A file that is one PKCS#7 block is a bundle that happens to be armoured: say what it holds.
        if (bearing is [{ } only] && CmsLabels.Contains(only.Type))
            return CmsCertificates.Read(only.Content, limits);
        // Counted before any block is parsed: a PKCS7 block holds several, so the total is checked again below.
        if (bearing.Count > limits.MaxCertificates)
            return CertificateReadResult.TooMany;

        var certificates = new List<FileCertificate>();
        foreach (var block in bearing)
        {
            limits.Ct.ThrowIfCancellationRequested();
            var result = CertificateLabels.Contains(block.Type) ? ReadCertificate(block) : CmsCertificates.Read(block.Content, limits);
            if (result.Refusal is { } refusal and not ReadRefusal.NoCertificate)
                return CertificateReadResult.Refused(refusal);
            certificates.AddRange(result.File?.Certificates ?? []);
            if (certificates.Count > limits.MaxCertificates)
                return CertificateReadResult.TooMany;
        }
        return CertificateReadResult.Read(CertificateFileFormat.Pem, certificates);
    }

    private static CertificateReadResult ReadCertificate(PemObject block)
    {
        try
        {
            return CertificateStructure(block) is Asn1Sequence certificate
                ? CertificateReadResult.Read(CertificateFileFormat.Pem, [new(DerFile.Certificate(certificate), false)])
                : CertificateReadResult.Refused(ReadRefusal.CorruptFile);
        }
        catch (Exception e) when (ParseFailure.Is(e))
        {
            return CertificateReadResult.Refused(ReadRefusal.CorruptFile);
        }
    }

    /// <summary>OpenSSL's TRUSTED CERTIFICATE appends its trust settings to the certificate: we take the certificate.
    /// Any other block must hold exactly one object.</summary>
    private static Asn1Object? CertificateStructure(PemObject block)
    {
        if (block.Type != "TRUSTED CERTIFICATE")
            return Asn1Object.FromByteArray(block.Content);
        using var stream = new Asn1InputStream(block.Content);
        return stream.ReadObject();
    }
}
