using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace SmimeAddin.Certificates;

/// <param name="Hash">"SHA-256", "MD5"...; null for algorithms without a separate hash (Ed25519) or unknown ones.</param>
/// <param name="PlatformPss">True for RSA-PSS with MGF1 over the same hash, salt = hash length, trailer 1: the only PSS .NET verifies.</param>
internal sealed record SignatureAlgorithm(string Name, string? Hash, string Scheme, bool PlatformPss)
{
    public bool IsWeak => Hash is "MD2" or "MD4" or "MD5" or "SHA-1";
}

/// <summary>Who signed a certificate. Platform crypto where .NET has the algorithm (RSA verifies ~20× faster than
/// BouncyCastle's managed code, see DESIGN.md), BouncyCastle for the rest.</summary>
internal static class CertificateSignature
{
    private const string RsassaPss = "1.2.840.113549.1.1.10";

    private static readonly Dictionary<string, (string Hash, string Scheme)> Algorithms = new()
    {
        ["1.2.840.113549.1.1.2"] = ("MD2", "RSA"), ["1.2.840.113549.1.1.3"] = ("MD4", "RSA"), ["1.2.840.113549.1.1.4"] = ("MD5", "RSA"),
        ["1.2.840.113549.1.1.5"] = ("SHA-1", "RSA"), ["1.3.14.3.2.29"] = ("SHA-1", "RSA"), ["1.2.840.113549.1.1.14"] = ("SHA-224", "RSA"),
        ["1.2.840.113549.1.1.11"] = ("SHA-256", "RSA"), ["1.2.840.113549.1.1.12"] = ("SHA-384", "RSA"), ["1.2.840.113549.1.1.13"] = ("SHA-512", "RSA"),
        ["1.2.840.10045.4.1"] = ("SHA-1", "ECDSA"), ["1.2.840.10045.4.3.1"] = ("SHA-224", "ECDSA"), ["1.2.840.10045.4.3.2"] = ("SHA-256", "ECDSA"),
        ["1.2.840.10045.4.3.3"] = ("SHA-384", "ECDSA"), ["1.2.840.10045.4.3.4"] = ("SHA-512", "ECDSA"),
        ["1.2.840.10040.4.3"] = ("SHA-1", "DSA"), ["2.16.840.1.101.3.4.3.1"] = ("SHA-224", "DSA"), ["2.16.840.1.101.3.4.3.2"] = ("SHA-256", "DSA"),
    };

    private static readonly Dictionary<string, string> Digests = new()
    {
        ["1.2.840.113549.2.2"] = "MD2", ["1.2.840.113549.2.5"] = "MD5", ["1.3.14.3.2.26"] = "SHA-1", ["2.16.840.1.101.3.4.2.4"] = "SHA-224",
        ["2.16.840.1.101.3.4.2.1"] = "SHA-256", ["2.16.840.1.101.3.4.2.2"] = "SHA-384", ["2.16.840.1.101.3.4.2.3"] = "SHA-512",
    };

    public static SignatureAlgorithm Algorithm(X509Certificate certificate)
    {
        // The signed copy inside the TBS, not the outer one, which anyone can rewrite.
        var identifier = certificate.CertificateStructure.TbsCertificate.Signature;
        var oid = identifier.Algorithm.Id;
        if (Algorithms.TryGetValue(oid, out var known))
            return new($"{known.Hash} with {known.Scheme}", known.Hash, known.Scheme, false);
        if (oid == RsassaPss)
            return PssAlgorithm(identifier.Parameters);
        return oid switch
        {
            "1.3.101.112" => new("Ed25519", null, "Ed25519", false),
            "1.3.101.113" => new("Ed448", null, "Ed448", false),
            _ when oid == certificate.SigAlgOid => new(certificate.SigAlgName, null, certificate.SigAlgName, false),
            _ => new(oid, null, oid, false),
        };
    }

    /// <summary>True when <paramref name="issuer"/>'s key made <paramref name="certificate"/>'s signature.</summary>
    public static bool IsSignedBy(X509Certificate certificate, X509Certificate issuer)
    {
        var structure = certificate.CertificateStructure;
        // The outer algorithm is not signed; RFC 5280 4.1.1.2 requires it to equal the signed one (BouncyCastle checks too).
        if (!SameAlgorithm(structure.SignatureAlgorithm, structure.TbsCertificate.Signature))
            return false;
        // No arithmetic with an oversized key: the judge reports it as KeyTooLarge, a signature by it counts for nothing.
        if (CertificateFacts.IsKeyTooLarge(issuer))
            return false;
        return VerifyOnPlatform(certificate, issuer) ?? VerifyWithBouncyCastle(certificate, issuer);
    }

    /// <summary>The platform's answer, or null when it has no say (algorithm it lacks, key it cannot import).</summary>
    internal static bool? VerifyOnPlatform(X509Certificate certificate, X509Certificate issuer)
    {
        var algorithm = Algorithm(certificate);
        HashAlgorithmName? hash = algorithm.Hash switch
        {
            "SHA-1" => HashAlgorithmName.SHA1, "SHA-256" => HashAlgorithmName.SHA256,
            "SHA-384" => HashAlgorithmName.SHA384, "SHA-512" => HashAlgorithmName.SHA512, _ => null,
        };
        if (hash is not { } name)
            return null;
        var key = issuer.CertificateStructure.SubjectPublicKeyInfo.GetDerEncoded();
        try
        {
            switch (algorithm.Scheme)
            {
                case "RSA" or "RSA-PSS" when algorithm.Scheme == "RSA" || algorithm.PlatformPss:
                    using (var rsa = RSA.Create())
                    {
                        rsa.ImportSubjectPublicKeyInfo(key, out _);
                        var padding = algorithm.Scheme == "RSA" ? RSASignaturePadding.Pkcs1 : RSASignaturePadding.Pss;
                        return rsa.VerifyData(certificate.GetTbsCertificate(), certificate.GetSignature(), name, padding);
                    }
                case "ECDSA":
                    using (var ecdsa = ECDsa.Create())
                    {
                        ecdsa.ImportSubjectPublicKeyInfo(key, out _);
                        return ecdsa.VerifyData(certificate.GetTbsCertificate(), certificate.GetSignature(), name, DSASignatureFormat.Rfc3279DerSequence);
                    }
                default:
                    return null;
            }
        }
        catch (CryptographicException)
        {
            // A key of another type, an id-RSASSA-PSS key or a curve OpenSSL lacks: not a verdict, let BouncyCastle decide.
            return null;
        }
    }

    internal static bool SameAlgorithm(AlgorithmIdentifier outer, AlgorithmIdentifier signed) =>
        outer.Algorithm.Equals(signed.Algorithm) && (IsAbsent(outer.Parameters) ? IsAbsent(signed.Parameters) : outer.Parameters.Equals(signed.Parameters));

    private static bool IsAbsent(Asn1Encodable? parameters) => parameters is null or Asn1Null;

    private static bool VerifyWithBouncyCastle(X509Certificate certificate, X509Certificate issuer)
    {
        // The issuer's key as remembered: BouncyCastle would test an RSA modulus for primality at every signature.
        if (CertificateFacts.PublicKey(issuer) is not { } key)
            return false;
        try { return certificate.IsSignatureValid(key); }
        catch (Exception e) when (CertificateFacts.IsRejectedInput(e)) { return false; }
    }

    private static SignatureAlgorithm PssAlgorithm(Asn1Encodable? parameters)
    {
        try
        {
            // Absent parameters mean the RFC 4055 defaults: SHA-1, MGF1 with SHA-1, salt 20.
            var pss = parameters is null or Asn1Null ? new RsassaPssParameters() : RsassaPssParameters.GetInstance(parameters);
            var hash = Digests.GetValueOrDefault(pss.HashAlgorithm.Algorithm.Id, pss.HashAlgorithm.Algorithm.Id);
            var mgf = pss.MaskGenAlgorithm;
            var mgfHash = mgf.Algorithm.Id == "1.2.840.113549.1.1.8" ? AlgorithmIdentifier.GetInstance(mgf.Parameters).Algorithm.Id : null;
            var platform = mgfHash is not null && Digests.GetValueOrDefault(mgfHash) == hash && pss.TrailerField.HasValue(1)
                && pss.SaltLength.HasValue(hash switch { "SHA-1" => 20, "SHA-256" => 32, "SHA-384" => 48, "SHA-512" => 64, _ => -1 });
            return new($"{hash} with RSA-PSS", hash, "RSA-PSS", platform);
        }
        catch (Exception e) when (CertificateFacts.IsRejectedInput(e))
        {
            return new("RSA-PSS", null, "RSA-PSS", false);
        }
    }
}
