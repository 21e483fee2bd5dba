using Org.BouncyCastle.X509;

namespace SmimeAddin.Certificates;

/// <summary>Stable finding codes; clients and resources key on these names.</summary>
public enum FindingCode
{
    NotYetValid,
    Expired,
    ExpiresSoon,
    NoEmailAddress,
    AddressMismatch,
    NotForEmail,
    CannotEncrypt,
    WeakKey,
    WeakSignature,
    IsCertificateAuthority,
    IssuerNotTrusted,
    Malformed,
    /// <summary>An RSA key over <see cref="CertificateFacts.MaxRsaKeyBits"/> bits: refused before any arithmetic.</summary>
    KeyTooLarge,
    /// <summary>Path building ran out of its budget (same-name issuers that sign each other, say) before finding a chain.</summary>
    ChainTooComplex,
}

public enum Severity
{
    Error,
    Warning,
}

/// <param name="Arguments">Values the sentence names (dates as yyyy-MM-dd, addresses, algorithm names), in the
/// order of the resource string's placeholders. Never a sentence: the API turns code + arguments into words.</param>
public sealed record Finding(FindingCode Code, Severity Severity, IReadOnlyList<string> Arguments)
{
    public static Finding Error(FindingCode code, params string[] arguments) => new(code, Severity.Error, arguments);
    public static Finding Warning(FindingCode code, params string[] arguments) => new(code, Severity.Warning, arguments);
}

/// <param name="Chain">The certificate, then each issuer up to and including the trusted one; just the
/// certificate when no chain to a trusted issuer was found.</param>
public sealed record Verdict(IReadOnlyList<Finding> Findings, IReadOnlyList<X509Certificate> Chain)
{
    public bool Usable => Findings.All(f => f.Severity != Severity.Error);
}
