using Org.BouncyCastle.X509;

namespace SmimeAddin.Certificates;

/// <summary>What kind of file the certificates were read from.</summary>
public enum CertificateFileFormat
{
    DerCertificate,
    Pem,
    Pkcs7CertificatesOnly,
    CmsSignedData,
    SignedMessage,
    SerializedStore,
}

/// <summary>Why a file gave no certificates. The names are stable reason codes clients rely on.</summary>
public enum ReadRefusal
{
    EmptyFile,
    FileTooLarge,
    PrivateKey,
    EncryptedMessage,
    CorruptFile,
    UnsupportedFormat,
    NoCertificate,
    /// <summary>More certificates than the route reads from one file (<see cref="ReadLimits.MaxCertificates"/>).</summary>
    TooManyCertificates,
}

/// <summary>How much of a file the reader will take on: past <paramref name="MaxCertificates"/> the file is refused
/// before the rest is parsed; <paramref name="Ct"/> is the request's (client gone or deadline passed).</summary>
public readonly record struct ReadLimits(int MaxCertificates, CancellationToken Ct)
{
    /// <summary>For bytes we stored ourselves: no cap.</summary>
    public static ReadLimits None => new(int.MaxValue, CancellationToken.None);
}

/// <param name="SignedTheFile">True for the certificate whose key signed the CMS or S/MIME content.</param>
public sealed record FileCertificate(X509Certificate Certificate, bool SignedTheFile);

public sealed record CertificateFile(CertificateFileFormat Format, IReadOnlyList<FileCertificate> Certificates);

/// <summary>Either the file's certificates or the reason there are none; never an exception for bad input.</summary>
public sealed record CertificateReadResult(CertificateFile? File, ReadRefusal? Refusal)
{
    public static CertificateReadResult Read(CertificateFileFormat format, IReadOnlyList<FileCertificate> certificates) =>
        certificates.Count == 0 ? Refused(ReadRefusal.NoCertificate) : new(new CertificateFile(format, certificates), null);

    public static CertificateReadResult TooMany => Refused(ReadRefusal.TooManyCertificates);

    public static CertificateReadResult Refused(ReadRefusal refusal) => new(null, refusal);
}
