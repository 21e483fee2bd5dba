using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.X509;

namespace SmimeAddin.Certificates;

/// <summary>E-mail addresses a certificate names. Kept apart: the subject's count only when SAN names none.</summary>
public sealed record CertificateEmails(IReadOnlyList<string> SubjectAltName, IReadOnlyList<string> Subject);

/// <param name="Algorithm">"RSA", "RSA-PSS", "EC", "DSA", "Ed25519", "Ed448", or the key's algorithm OID.</param>
/// <param name="Bits">Modulus, prime or field size; 0 when unknown.</param>
/// <param name="Curve">For EC: "P-256", "secp256k1", "brainpoolP256r1"..., "explicit" or "implicitlyCA".</param>
public sealed record KeyFacts(string Algorithm, int Bits, string? Curve)
{
    /// <summary>"RSA 2048", "EC P-256", "Ed25519": how findings name the key.</summary>
    public string Description => Curve is not null ? $"{Algorithm} {Curve}" : Bits > 0 && Algorithm is "RSA" or "RSA-PSS" or "DSA" ? $"{Algorithm} {Bits}" : Algorithm;
}

/// <summary>What a certificate says, read without throwing: the judge's inputs and the inspect endpoint's output.</summary>
public static class CertificateFacts
{
    public const string EmailProtection = "1.3.6.1.5.5.7.3.4";
    public const string AnyExtendedKeyUsage = "2.5.29.37.0";
    private const string SmtpUtf8Mailbox = "1.3.6.1.5.5.7.8.9"; // RFC 8398
    private const string RsaEncryption = "1.2.840.113549.1.1.1";
    private const string RsassaPss = "1.2.840.113549.1.1.10";

    private static readonly string[] KeyUsageNames =
        ["digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"];

    private static readonly Dictionary<string, string> KeyPurposeNames = new()
    {
        ["1.3.6.1.5.5.7.3.1"] = "serverAuth", ["1.3.6.1.5.5.7.3.2"] = "clientAuth", ["1.3.6.1.5.5.7.3.3"] = "codeSigning",
        [EmailProtection] = "emailProtection", ["1.3.6.1.5.5.7.3.8"] = "timeStamping", ["1.3.6.1.5.5.7.3.9"] = "OCSPSigning",
        [AnyExtendedKeyUsage] = "anyExtendedKeyUsage", ["1.3.6.1.4.1.311.10.3.4"] = "encryptingFileSystem",
        ["1.3.6.1.4.1.311.10.3.12"] = "documentSigning", ["1.3.6.1.4.1.311.20.2.2"] = "smartcardLogon",
    };

    /// <summary>SHA-1 of the DER, upper-case hex: the thumbprint Windows and Exchange show.</summary>
    public static string Sha1Thumbprint(X509Certificate certificate) => Convert.ToHexString(SHA1.HashData(certificate.GetEncoded()));

    public static string Sha256Thumbprint(X509Certificate certificate) => Convert.ToHexString(SHA256.HashData(certificate.GetEncoded()));

    /// <summary>The serial's DER integer bytes in upper-case hex, as X509Certificate2.SerialNumber gives them.</summary>
    public static string SerialNumber(X509Certificate certificate) => Convert.ToHexString(certificate.SerialNumber.ToByteArray());

    /// <summary>RFC 2253 order (last RDN first), with BouncyCastle's short names (CN, O, E...).</summary>
    public static string Subject(X509Certificate certificate) => certificate.SubjectDN.ToString(true, X509Name.DefaultSymbols);

    public static string Issuer(X509Certificate certificate) => certificate.IssuerDN.ToString(true, X509Name.DefaultSymbols);

    /// <summary>rfc822Name and SmtpUTF8Mailbox SAN entries, and the subject's emailAddress (E=). An undecodable SAN
    /// gives no SAN address; <see cref="MalformedParts"/> names it.</summary>
    public static CertificateEmails EmailAddresses(X509Certificate certificate) =>
        new(ReadExtension(certificate, X509Extensions.SubjectAlternativeName, SanEmails) ?? [],
            certificate.SubjectDN.GetValueList(X509Name.EmailAddress).ToArray());

    /// <summary>Key usage names in RFC 5280 bit order; null when the extension is absent.</summary>
    public static IReadOnlyList<string>? KeyUsages(X509Certificate certificate) =>
        certificate.GetKeyUsage() is { } bits ? KeyUsageNames.Where((_, i) => i < bits.Length && bits[i]).ToArray() : null;

    /// <summary>Extended key usage OIDs; null when the extension is absent or undecodable (see <see cref="MalformedParts"/>).
    /// An empty list is an EKU that allows nothing.</summary>
    public static IReadOnlyList<string>? ExtendedKeyUsages(X509Certificate certificate) =>
        ReadExtension(certificate, X509Extensions.ExtendedKeyUsage, KeyPurposes);

    /// <summary>"emailProtection", "clientAuth"...; the OID itself when we have no name for it.</summary>
    public static string KeyPurposeName(string oid) => KeyPurposeNames.GetValueOrDefault(oid, oid);

    /// <summary>Largest RSA modulus we do any arithmetic with. Keys above it get <c>KeyTooLarge</c>: BouncyCastle's key
    /// check (a Miller-Rabin test of the modulus) and a verification with a 16384-bit key take seconds each.</summary>
    public const int MaxRsaKeyBits = 8192;

    public static KeyFacts Key(X509Certificate certificate)
    {
        var info = certificate.CertificateStructure.SubjectPublicKeyInfo;
        var oid = info.Algorithm.Algorithm.Id;
        // An oversized modulus is measured from its ASN.1 alone: GetPublicKey would test it for primality first.
        if (RsaModulusBits(certificate) is > MaxRsaKeyBits and var bits)
            return new(oid == RsaEncryption ? "RSA" : "RSA-PSS", bits, null);
        return oid switch
        {
            RsaEncryption => new("RSA", RsaKey(certificate)?.Modulus.BitLength ?? 0, null),
            RsassaPss => new("RSA-PSS", RsaKey(certificate)?.Modulus.BitLength ?? 0, null),
            "1.2.840.10040.4.1" => new("DSA", (PublicKey(certificate) as DsaPublicKeyParameters)?.Parameters?.P.BitLength ?? 0, null),
            "1.2.840.10045.2.1" => EcKey(info.Algorithm.Parameters),
            "1.3.101.112" => new("Ed25519", 256, null),
            "1.3.101.113" => new("Ed448", 456, null),
            _ => new(oid, 0, null),
        };
    }

    /// <summary>Short tokens for the parts that cannot be decoded. BouncyCastle already refuses to parse a certificate
    /// whose version is not 1–3, that has extensions below v3, or whose keyUsage or basicConstraints is undecodable.</summary>
    public static IReadOnlyList<string> MalformedParts(X509Certificate certificate)
    {
        var parts = new List<string>();
        var structure = certificate.CertificateStructure;
        if (!CertificateSignature.SameAlgorithm(structure.SignatureAlgorithm, structure.TbsCertificate.Signature))
            parts.Add("signatureAlgorithm");
        if (certificate.NotBefore > certificate.NotAfter)
            parts.Add("validity");
        if (RsaModulusBits(certificate) is { } bits ? bits <= MaxRsaKeyBits && RsaKey(certificate) is null : PublicKey(certificate) is null)
            parts.Add("subjectPublicKeyInfo");
        foreach (var (oid, name, read) in new (DerObjectIdentifier, string, Func<Asn1Object, object>)[]
        {
            (X509Extensions.SubjectAlternativeName, "subjectAltName", SanEmails),
            (X509Extensions.ExtendedKeyUsage, "extendedKeyUsage", KeyPurposes),
            (X509Extensions.AuthorityKeyIdentifier, "authorityKeyIdentifier", AuthorityKeyIdentifier.GetInstance),
            (X509Extensions.SubjectKeyIdentifier, "subjectKeyIdentifier", SubjectKeyIdentifier.GetInstance),
        })
        {
            if (certificate.GetExtensionValue(oid) is not null && ReadExtension(certificate, oid, read) is null)
                parts.Add(name);
        }
        return parts;
    }

    /// <summary>True for an RSA key whose modulus has more than <see cref="MaxRsaKeyBits"/> bits: cheap, read from the
    /// encoding without building the key.</summary>
    public static bool IsKeyTooLarge(X509Certificate certificate) => RsaModulusBits(certificate) > MaxRsaKeyBits;

    /// <summary>The RSA modulus' bit length as encoded; null for other keys or an undecodable one.</summary>
    private static int? RsaModulusBits(X509Certificate certificate)
    {
        var info = certificate.CertificateStructure.SubjectPublicKeyInfo;
        if (info.Algorithm.Algorithm.Id is not (RsaEncryption or RsassaPss))
            return null;
        try { return RsaPublicKeyStructure.GetInstance(info.ParsePublicKey()).Modulus.BitLength; }
        catch (Exception e) when (IsRejectedInput(e)) { return null; }
    }

    internal static byte[]? SubjectKeyId(X509Certificate certificate) =>
        ReadExtension(certificate, X509Extensions.SubjectKeyIdentifier, value => SubjectKeyIdentifier.GetInstance(value).GetKeyIdentifier());

    internal static byte[]? AuthorityKeyId(X509Certificate certificate) =>
        ReadExtension(certificate, X509Extensions.AuthorityKeyIdentifier, value => AuthorityKeyIdentifier.GetInstance(value).KeyIdentifier?.GetOctets());

    private static string[] SanEmails(Asn1Object value) =>
        GeneralNames.GetInstance(value).GetNames().Select(name => name.TagNo switch
        {
            GeneralName.Rfc822Name => DerIA5String.GetInstance(name.Name).GetString(),
            GeneralName.OtherName when OtherName.GetInstance(name.Name) is var other && other.TypeID.Id == SmtpUtf8Mailbox =>
                DerUtf8String.GetInstance(other.Value).GetString(),
            _ => null,
        }).OfType<string>().ToArray();

    // Read by hand: BouncyCastle's ExtendedKeyUsage refuses an empty sequence, which we judge as "allows nothing".
    private static string[] KeyPurposes(Asn1Object value) =>
        Asn1Sequence.GetInstance(value).Cast<Asn1Encodable>().Select(purpose => DerObjectIdentifier.GetInstance(purpose).Id).ToArray();

    private static KeyFacts EcKey(Asn1Encodable? parameters)
    {
        X962Parameters x962;
        try { x962 = X962Parameters.GetInstance(parameters); }
        catch (Exception e) when (IsRejectedInput(e)) { return new("EC", 0, null); }
        if (x962.IsNamedCurve)
        {
            var curve = x962.NamedCurve;
            var name = NistNamedCurves.GetName(curve) ?? ECNamedCurveTable.GetName(curve) ?? curve.Id;
            return new("EC", ECNamedCurveTable.GetByOid(curve)?.Curve.FieldSize ?? 0, name);
        }
        // Explicit parameters are valid ASN.1 but forbidden by RFC 5480 and the S/MIME BR; the judge calls them weak.
        if (x962.IsImplicitlyCA)
            return new("EC", 0, "implicitlyCA");
        try { return new("EC", X9ECParameters.GetInstance(x962.Parameters).Curve.FieldSize, "explicit"); }
        catch (Exception e) when (IsRejectedInput(e)) { return new("EC", 0, "explicit"); }
    }

    private static readonly ConditionalWeakTable<X509Certificate, StrongBox<Org.BouncyCastle.Crypto.AsymmetricKeyParameter?>> PublicKeys = [];

    /// <summary>The RSA key as encoded when BouncyCastle would accept it (an odd modulus of at most 16384 bits with no
    /// small prime factor, a positive exponent); null for other keys or a refused one. BouncyCastle's GetPublicKey adds
    /// a Miller-Rabin test that the modulus is not prime: a 2048-bit modular exponentiation per call, 30 ms on a busy
    /// 2-core machine, which a 500-CA store paid 1,500 times. Only a crafted key has a prime modulus, and it gains
    /// nothing here: it still needs a chain to a trusted issuer, and verifying with it goes through that test.</summary>
    private static RsaPublicKeyStructure? RsaKey(X509Certificate certificate)
    {
        var info = certificate.CertificateStructure.SubjectPublicKeyInfo;
        if (info.Algorithm.Algorithm.Id is not (RsaEncryption or RsassaPss))
            return null;
        try
        {
            var key = RsaPublicKeyStructure.GetInstance(info.ParsePublicKey());
            var modulus = key.Modulus;
            return modulus.TestBit(0) && modulus.BitLength <= 16384 && key.PublicExponent.SignValue > 0 && !Org.BouncyCastle.Math.Primes.HasAnySmallFactors(modulus)
                ? key
                : null;
        }
        catch (Exception e) when (IsRejectedInput(e)) { return null; }
    }

    /// <summary>The key, or null when BouncyCastle refuses it; remembered per certificate object, since BouncyCastle checks
    /// an RSA modulus at every call (see <see cref="RsaKey"/>).</summary>
    internal static Org.BouncyCastle.Crypto.AsymmetricKeyParameter? PublicKey(X509Certificate certificate) =>
        PublicKeys.GetValue(certificate, static certificate =>
        {
            try { return new(certificate.GetPublicKey()); }
            catch (Exception e) when (IsRejectedInput(e)) { return new(null); }
        }).Value;

    /// <summary>Decodes an extension's value; null when absent or undecodable (trailing bytes included).</summary>
    private static T? ReadExtension<T>(X509Certificate certificate, DerObjectIdentifier oid, Func<Asn1Object, T?> read) where T : class
    {
        if (certificate.GetExtensionValue(oid) is not { } value)
            return null;
        try { return read(Asn1Object.FromByteArray(value.GetOctets())); }
        catch (Exception e) when (IsRejectedInput(e)) { return null; }
    }

    /// <summary>What BouncyCastle throws for bad input: GetInstance methods ArgumentException, parsers IOException,
    /// key and signature code GeneralSecurityException. Anything else is a bug and should surface.</summary>
    internal static bool IsRejectedInput(Exception e) =>
        e is ArgumentException or InvalidCastException or IOException or FormatException or Org.BouncyCastle.Security.GeneralSecurityException
            or Org.BouncyCastle.Security.SecurityUtilityException;
}
