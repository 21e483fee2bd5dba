using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;

namespace SmimeAddin.Tests.Support;

/// <summary>Shapes <see cref="TestPki"/> does not make: impostor CAs, keys it has no kind for, raw extensions,
/// and certificates re-assembled from edited parts. Keys are generated once per run.</summary>
public static class TestCertificates
{
    private static readonly Lazy<AsymmetricCipherKeyPair> OtherRsa = new(() => TestPki.Generate(KeyKind.Rsa2048));
    private static readonly Lazy<AsymmetricCipherKeyPair> Ed25519 = new(() => Generate(new Ed25519KeyPairGenerator(), new Ed25519KeyGenerationParameters(new SecureRandom())));
    private static readonly Lazy<AsymmetricCipherKeyPair> ExplicitP256 = new(() => Generate(new ECKeyPairGenerator(),
        new ECKeyGenerationParameters(new ECDomainParameters(ECNamedCurveTable.GetByName("P-256")), new SecureRandom())));
    private static long serial = DateTime.UtcNow.Ticks;

    /// <summary>An RSA key no TestPki certificate uses.</summary>
    public static AsymmetricCipherKeyPair OtherRsaKeys => OtherRsa.Value;

    public static AsymmetricCipherKeyPair Ed25519Keys => Ed25519.Value;

    /// <summary>P-256 written with explicit curve parameters instead of the curve's OID.</summary>
    public static AsymmetricCipherKeyPair ExplicitCurveKeys => ExplicitP256.Value;

    /// <summary>A certificate with only the extensions <paramref name="extensions"/> adds; self-signed when
    /// <paramref name="issuer"/> is null.</summary>
    public static IssuedCertificate Build(IssuedCertificate? issuer, AsymmetricCipherKeyPair keys, string subject,
        DateTime notBefore, DateTime notAfter, Action<X509V3CertificateGenerator> extensions, string? signatureAlgorithm = null)
    {
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(BigInteger.ValueOf(Interlocked.Increment(ref serial)));
        generator.SetIssuerDN(issuer?.Certificate.SubjectDN ?? new X509Name(subject));
        generator.SetSubjectDN(new X509Name(subject));
        generator.SetNotBefore(notBefore);
        generator.SetNotAfter(notAfter);
        generator.SetPublicKey(keys.Public);
        extensions(generator);
        var signer = issuer?.Keys.Private ?? keys.Private;
        return new(generator.Generate(new Asn1SignatureFactory(signatureAlgorithm ?? SignatureAlgorithmFor(signer), signer)), keys);
    }

    /// <summary>A CA certificate with <paramref name="original"/>'s subject, validity and subject key identifier but
    /// <paramref name="keys"/>: only a signature check tells them apart. Self-signed when <paramref name="issuer"/> is null.</summary>
    public static IssuedCertificate Impostor(IssuedCertificate original, IssuedCertificate? issuer, AsymmetricCipherKeyPair keys)
    {
        var subjectKeyId = original.Certificate.GetExtensionValue(X509Extensions.SubjectKeyIdentifier).GetOctets();
        return Build(issuer, keys, original.Certificate.SubjectDN.ToString(), original.Certificate.NotBefore, original.Certificate.NotAfter, generator =>
        {
            generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(true));
            generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.KeyCertSign | KeyUsage.CrlSign));
            generator.AddExtension(X509Extensions.SubjectKeyIdentifier, false, Asn1Object.FromByteArray(subjectKeyId));
            if (issuer is not null)
                generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, X509ExtensionUtilities.CreateAuthorityKeyIdentifier(issuer.Certificate));
        });
    }

    /// <summary>An end entity under <paramref name="issuer"/> like TestPki's default, plus extra extensions
    /// (raw bytes included, which the generator writes without checking).</summary>
    public static IssuedCertificate EndEntity(IssuedCertificate issuer, DateTime notBefore, DateTime notAfter, Action<X509V3CertificateGenerator> extensions) =>
        Build(issuer, OtherRsaKeys, "CN=Alice Martin", notBefore, notAfter, generator =>
        {
            generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(false));
            generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature | KeyUsage.KeyEncipherment));
            generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, X509ExtensionUtilities.CreateAuthorityKeyIdentifier(issuer.Certificate));
            extensions(generator);
        });

    /// <summary>A SAN holding one SmtpUTF8Mailbox otherName (RFC 8398).</summary>
    public static GeneralNames SmtpUtf8Mailbox(string address) =>
        new(new GeneralName(GeneralName.OtherName, new OtherName(new DerObjectIdentifier("1.3.6.1.5.5.7.8.9"), new DerUtf8String(address))));

    /// <summary>The certificate with a different outer signatureAlgorithm than the signed one (the outer is not signed).</summary>
    public static X509Certificate WithOuterAlgorithm(X509Certificate certificate, string algorithmOid) =>
        new(new X509CertificateStructure(certificate.CertificateStructure.TbsCertificate,
            new AlgorithmIdentifier(new DerObjectIdentifier(algorithmOid), DerNull.Instance), certificate.CertificateStructure.Signature));

    private static string SignatureAlgorithmFor(AsymmetricKeyParameter key) => key switch
    {
        ECPrivateKeyParameters => "SHA256WITHECDSA",
        Ed25519PrivateKeyParameters => "Ed25519",
        _ => "SHA256WITHRSA",
    };

    private static AsymmetricCipherKeyPair Generate(IAsymmetricCipherKeyPairGenerator generator, KeyGenerationParameters parameters)
    {
        generator.Init(parameters);
        return generator.GenerateKeyPair();
    }
}
