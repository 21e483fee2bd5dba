using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities.Collections;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;

namespace SmimeAddin.Directory.Embedded;

internal sealed record DemoCertificate(X509Certificate Certificate, AsymmetricKeyParameter PrivateKey);

/// <summary>Certificates for the demo organisation, made with BouncyCastle when the directory is seeded: nothing
/// secret is committed, and the private keys are dropped once the certificates are signed.</summary>
internal static class DemoPki
{
    public static DemoCertificate Root(string subject, DateTime notBefore, DateTime notAfter)
    {
        var keys = NewKeys();
        var name = new X509Name(subject);
        var generator = Generator(name, name, keys.Public, notBefore, notAfter);
        AddCaExtensions(generator, keys.Public, pathLength: null);
        return new(generator.Generate(new Asn1SignatureFactory("SHA256WITHRSA", keys.Private)), keys.Private);
    }

    public static DemoCertificate Intermediate(DemoCertificate issuer, string subject, DateTime notBefore, DateTime notAfter)
    {
        var keys = NewKeys();
        var generator = Generator(issuer.Certificate.SubjectDN, new X509Name(subject), keys.Public, notBefore, notAfter);
        AddCaExtensions(generator, keys.Public, pathLength: 0);
        // CAs that issue S/MIME certificates carry emailProtection (CA/B Forum S/MIME BR).
        generator.AddExtension(X509Extensions.ExtendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeID.id_kp_emailProtection));
        generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, X509ExtensionUtilities.CreateAuthorityKeyIdentifier(issuer.Certificate));
        return new(generator.Generate(new Asn1SignatureFactory("SHA256WITHRSA", issuer.PrivateKey)), keys.Private);
    }

    /// <summary>A good S/MIME certificate for <paramref name="emailAddress"/>: RSA 2048, the address in SAN, dual-use
    /// key usage, emailProtection.</summary>
    public static X509Certificate Person(DemoCertificate issuer, string commonName, string emailAddress, DateTime notBefore, DateTime notAfter)
    {
        var keys = NewKeys();
        var generator = Generator(issuer.Certificate.SubjectDN, new X509Name($"CN={commonName}"), keys.Public, notBefore, notAfter);
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(false));
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature | KeyUsage.KeyEncipherment));
        generator.AddExtension(X509Extensions.ExtendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeID.id_kp_emailProtection));
        generator.AddExtension(X509Extensions.SubjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.Rfc822Name, emailAddress)));
        generator.AddExtension(X509Extensions.SubjectKeyIdentifier, false, X509ExtensionUtilities.CreateSubjectKeyIdentifier(keys.Public));
        generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, X509ExtensionUtilities.CreateAuthorityKeyIdentifier(issuer.Certificate));
        return generator.Generate(new Asn1SignatureFactory("SHA256WITHRSA", issuer.PrivateKey));
    }

    /// <summary>A UserSMimeCertificate value: certs-only CMS SignedData holding the certificate and its chain.</summary>
    public static byte[] CertificatesOnly(params X509Certificate[] certificates)
    {
        var generator = new CmsSignedDataGenerator();
        generator.AddCertificates(CollectionUtilities.CreateStore(certificates));
        return generator.Generate(new CmsAbsentContent(), false).GetEncoded(Asn1Encodable.Der);
    }

    private static X509V3CertificateGenerator Generator(X509Name issuer, X509Name subject, AsymmetricKeyParameter publicKey,
        DateTime notBefore, DateTime notAfter)
    {
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(new BigInteger(1, RandomNumberGenerator.GetBytes(16)));
        generator.SetIssuerDN(issuer);
        generator.SetSubjectDN(subject);
        generator.SetNotBefore(notBefore);
        generator.SetNotAfter(notAfter);
        generator.SetPublicKey(publicKey);
        return generator;
    }

    private static void AddCaExtensions(X509V3CertificateGenerator generator, AsymmetricKeyParameter publicKey, int? pathLength)
    {
        generator.AddExtension(X509Extensions.BasicConstraints, true, pathLength is { } length ? new BasicConstraints(length) : new BasicConstraints(true));
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.KeyCertSign | KeyUsage.CrlSign));
        generator.AddExtension(X509Extensions.SubjectKeyIdentifier, false, X509ExtensionUtilities.CreateSubjectKeyIdentifier(publicKey));
    }

    /// <summary>The platform generates the RSA keys, faster than BouncyCastle's managed generator (seeding runs on
    /// every first start, each test host's included); BouncyCastle builds and signs the certificates.</summary>
    private static AsymmetricCipherKeyPair NewKeys()
    {
        using var rsa = RSA.Create(2048);
        return DotNetUtilities.GetRsaKeyPair(rsa);
    }
}
