using Org.BouncyCastle.Security.Certificates;

namespace SmimeAddin.Certificates;

/// <summary>The exceptions BouncyCastle, MimeKit and .NET throw when the bytes they parse are malformed: exactly the
/// types the reader's robustness test saw (20,000 bit flips per format), so a bug of our own still surfaces.</summary>
internal static class ParseFailure
{
    public static bool Is(Exception exception) => exception is
        IOException // Asn1Exception, EndOfStreamException, and PemReader's "malformed PEM data"
        // Asn1ParsingException, and plain ones for bad tagging ("unexpected explicit encoding") and empty BIT STRINGs
        or InvalidOperationException
        or CertificateException // CertificateParsingException from X509Certificate's constructor
        or FormatException // MimeKit's ParseException
        or ArgumentException; // GetInstance on the wrong ASN.1 type; DecoderFallbackException on bad UTF-8 strings
}
