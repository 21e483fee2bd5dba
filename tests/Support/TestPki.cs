using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;

namespace SmimeAddin.Tests.Support;

public enum KeyKind { Rsa2048, Rsa1024, Rsa3072, EcP256, EcP384, EcSecp256k1, Dsa2048 }

public sealed record IssuedCertificate(X509Certificate Certificate, AsymmetricCipherKeyPair Keys)
{
    public byte[] Der => Certificate.GetEncoded();
}

/// <summary>What a test certificate should look like. Defaults describe a good S/MIME end-entity certificate.</summary>
public sealed record CertificateSpec
{
    public string Subject { get; init; } = "CN=Alice Martin";
    public string[] SanEmails { get; init; } = ["alice@example.org"];
    public string? SubjectEmail { get; init; }
    public DateTime NotBefore { get; init; } = DateTime.UtcNow.AddDays(-30);
    public DateTime NotAfter { get; init; } = DateTime.UtcNow.AddDays(365);
    public KeyKind Key { get; init; } = KeyKind.Rsa2048;
    /// <summary>Null leaves the extension out.</summary>
    public int? KeyUsage { get; init; } = Org.BouncyCastle.Asn1.X509.KeyUsage.DigitalSignature | Org.BouncyCastle.Asn1.X509.KeyUsage.KeyEncipherment;
    /// <summary>Null leaves the extension out; empty writes an empty EKU.</summary>
    public KeyPurposeID[]? ExtendedKeyUsages { get; init; } = [KeyPurposeID.id_kp_emailProtection];
    public bool IsCa { get; init; }
    public string? SignatureAlgorithm { get; init; }
    public BigInteger? Serial { get; init; }
}

/// <summary>A test PKI built in code: a root, an intermediate under it, and end entities of any shape.
/// Keys are generated once per kind and shared (they are immutable); certificates are new per call.</summary>
public sealed class TestPki
{
    private static readonly Dictionary<KeyKind, Lazy<AsymmetricCipherKeyPair>> Keys =
        Enum.GetValues<KeyKind>().ToDictionary(k => k, k => new Lazy<AsymmetricCipherKeyPair>(() => Generate(k)));
    private static readonly Lazy<AsymmetricCipherKeyPair> RootKeys = new(() => Generate(KeyKind.Rsa2048));
    private static readonly Lazy<AsymmetricCipherKeyPair> IntermediateKeys = new(() => Generate(KeyKind.Rsa2048));
    private static long serial = DateTime.UtcNow.Ticks;

    public IssuedCertificate Root { get; }
    public IssuedCertificate Intermediate { get; }

    public TestPki(string name = "Test")
    {
        Root = SelfSigned($"CN={name} Root CA,O=SmimeAddin Tests", RootKeys.Value);
        Intermediate = Issue(Root, new CertificateSpec
        {
            Subject = $"CN={name} Intermediate CA,O=SmimeAddin Tests",
            SanEmails = [],
            IsCa = true,
            KeyUsage = Org.BouncyCastle.Asn1.X509.KeyUsage.KeyCertSign | Org.BouncyCastle.Asn1.X509.KeyUsage.CrlSign,
            ExtendedKeyUsages = null,
            NotBefore = DateTime.UtcNow.AddYears(-1),
            NotAfter = DateTime.UtcNow.AddYears(5),
        }, IntermediateKeys.Value);
    }

    /// <summary>CA certificates under the root, as many as fit in an .sst of <paramref name="bytes"/> bytes, or one more
    /// than fit when <paramref name="over"/>: a trusted-issuer list at Exchange's size limit.</summary>
    public List<byte[]> CasFilling(int bytes, bool over = false)
    {
        var cas = new List<byte[]>();
        for (var i = 0; ; i++)
        {
            var next = Issue(Root, new CertificateSpec
            {
                Subject = $"CN=Filler CA {i},O=SmimeAddin Tests", SanEmails = [], IsCa = true, ExtendedKeyUsages = null,
                KeyUsage = Org.BouncyCastle.Asn1.X509.KeyUsage.KeyCertSign | Org.BouncyCastle.Asn1.X509.KeyUsage.CrlSign,
            }).Der;
            var fits = SmimeAddin.Certificates.SerializedStore.FromCertificates([.. cas, next]).Write().Length <= bytes;
            if (fits || over)
                cas.Add(next);
            if (!fits)
                return cas;
        }
    }

    /// <summary>An end entity issued by the intermediate.</summary>
    public IssuedCertificate Issue(CertificateSpec spec) => Issue(Intermediate, spec, Keys[spec.Key].Value);

    public IssuedCertificate Issue(IssuedCertificate issuer, CertificateSpec spec) => Issue(issuer, spec, Keys[spec.Key].Value);

    public static IssuedCertificate SelfSigned(string subject, AsymmetricCipherKeyPair? keys = null, DateTime? notAfter = null)
    {
        keys ??= Generate(KeyKind.Rsa2048);
        var name = new X509Name(subject);
        var generator = NewGenerator(name, name, keys.Public, DateTime.UtcNow.AddYears(-2), notAfter ?? DateTime.UtcNow.AddYears(10), null);
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(true));
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(Org.BouncyCastle.Asn1.X509.KeyUsage.KeyCertSign | Org.BouncyCastle.Asn1.X509.KeyUsage.CrlSign));
        generator.AddExtension(X509Extensions.SubjectKeyIdentifier, false, X509ExtensionUtilities.CreateSubjectKeyIdentifier(keys.Public));
        return new(generator.Generate(new Asn1SignatureFactory("SHA256WITHRSA", keys.Private)), keys);
    }

    public static IssuedCertificate Issue(IssuedCertificate issuer, CertificateSpec spec, AsymmetricCipherKeyPair keys)
    {
        var subject = spec.SubjectEmail is null
            ? new X509Name(spec.Subject)
            : new X509Name($"{spec.Subject},E={spec.SubjectEmail}");
        var generator = NewGenerator(issuer.Certificate.SubjectDN, subject, keys.Public, spec.NotBefore, spec.NotAfter, spec.Serial);
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(spec.IsCa));
        if (spec.KeyUsage is { } usage)
            generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(usage));
        if (spec.ExtendedKeyUsages is { } ekus)
            generator.AddExtension(X509Extensions.ExtendedKeyUsage, false, new DerSequence(ekus.Cast<Asn1Encodable>().ToArray()));
        if (spec.SanEmails.Length > 0)
            generator.AddExtension(X509Extensions.SubjectAlternativeName, false,
                new GeneralNames(spec.SanEmails.Select(e => new GeneralName(GeneralName.Rfc822Name, e)).ToArray()));
        generator.AddExtension(X509Extensions.SubjectKeyIdentifier, false, X509ExtensionUtilities.CreateSubjectKeyIdentifier(keys.Public));
        generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, X509ExtensionUtilities.CreateAuthorityKeyIdentifier(issuer.Certificate));
        var algorithm = spec.SignatureAlgorithm ?? SignatureAlgorithmFor(issuer.Keys.Private);
        return new(generator.Generate(new Asn1SignatureFactory(algorithm, issuer.Keys.Private)), keys);
    }

    private static X509V3CertificateGenerator NewGenerator(X509Name issuer, X509Name subject, AsymmetricKeyParameter key,
        DateTime notBefore, DateTime notAfter, BigInteger? serialNumber)
    {
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(serialNumber ?? BigInteger.ValueOf(Interlocked.Increment(ref serial)));
        generator.SetIssuerDN(issuer);
        generator.SetSubjectDN(subject);
        generator.SetNotBefore(notBefore);
        generator.SetNotAfter(notAfter);
        generator.SetPublicKey(key);
        return generator;
    }

    private static string SignatureAlgorithmFor(AsymmetricKeyParameter key) => key switch
    {
        ECPrivateKeyParameters => "SHA256WITHECDSA",
        DsaPrivateKeyParameters => "SHA256WITHDSA",
        _ => "SHA256WITHRSA",
    };

    public static AsymmetricCipherKeyPair Generate(KeyKind kind)
    {
        var random = new SecureRandom();
        IAsymmetricCipherKeyPairGenerator generator;
        switch (kind)
        {
            case KeyKind.EcP256 or KeyKind.EcP384 or KeyKind.EcSecp256k1:
                generator = new ECKeyPairGenerator();
                var curve = kind switch { KeyKind.EcP256 => "P-256", KeyKind.EcP384 => "P-384", _ => "secp256k1" };
                var oid = Org.BouncyCastle.Asn1.X9.ECNamedCurveTable.GetOid(curve);
                generator.Init(new ECKeyGenerationParameters(oid, random));
                break;
            case KeyKind.Dsa2048:
                var parameters = new DsaParametersGenerator(new Org.BouncyCastle.Crypto.Digests.Sha256Digest());
                parameters.Init(new DsaParameterGenerationParameters(2048, 256, 80, random));
                generator = new DsaKeyPairGenerator();
                generator.Init(new DsaKeyGenerationParameters(random, parameters.GenerateParameters()));
                break;
            default:
                generator = new RsaKeyPairGenerator();
                var bits = kind switch { KeyKind.Rsa1024 => 1024, KeyKind.Rsa3072 => 3072, _ => 2048 };
                generator.Init(new RsaKeyGenerationParameters(BigInteger.ValueOf(65537), random, bits, 80));
                break;
        }
        return generator.GenerateKeyPair();
    }
}
