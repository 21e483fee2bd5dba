using System.Text;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using SmimeAddin.Certificates;

namespace SmimeAddin.Tests.Support;

/// <summary>Files made to cost the server work (issue 12): built in code, for the tests and the benchmark alike.</summary>
public static class HostileFiles
{
    public const string LoopName = "CN=Loop CA,O=SmimeAddin Tests";

    /// <summary>A person's certificate, then <paramref name="count"/> CA certificates that share one subject and one
    /// key: each signs every other, so a path builder without memory explores count!/(count-8)! paths.</summary>
    public static IReadOnlyList<X509Certificate> SameNameLoop(int count, AsymmetricCipherKeyPair? keys = null)
    {
        keys ??= TestPki.Generate(KeyKind.Rsa2048);
        var template = TestPki.SelfSigned(LoopName, keys);
        var ca = new CertificateSpec
        {
            Subject = LoopName, SanEmails = [], IsCa = true, ExtendedKeyUsages = null,
            KeyUsage = KeyUsage.KeyCertSign | KeyUsage.CrlSign,
        };
        var leaf = TestPki.Issue(template, new CertificateSpec(), keys).Certificate;
        return [leaf, .. Enumerable.Range(0, count).Select(_ => TestPki.Issue(template, ca, keys).Certificate)];
    }

    /// <summary>A self-issued certificate for alice@example.org whose RSA modulus has <paramref name="bits"/> bits: any
    /// odd number of that size, and a signature of random bytes. Cheap to make; only a key check or a verification
    /// would cost anything, and the code must do neither.</summary>
    public static X509Certificate HugeRsaKey(int bits = 16384)
    {
        var random = new SecureRandom();
        var modulus = new BigInteger(bits, random).SetBit(bits - 1).SetBit(0);
        var key = new SubjectPublicKeyInfo(new AlgorithmIdentifier(PkcsObjectIdentifiers.RsaEncryption, DerNull.Instance),
            new RsaPublicKeyStructure(modulus, BigInteger.ValueOf(65537)));
        return Unsigned("CN=Alice Huge Key", key, new AlgorithmIdentifier(PkcsObjectIdentifiers.Sha256WithRsaEncryption, DerNull.Instance),
            bits / 8, "alice@example.org");
    }

    /// <summary><paramref name="count"/> CERTIFICATE blocks of small distinct certificates (EC P-256, no extensions,
    /// made-up signatures: about 400 bytes of PEM each, so 4,000 fit in the 2 MiB upload limit). The cap is on
    /// certificates read, whatever they are.</summary>
    public static byte[] ManyCertificatesPem(int count)
    {
        var key = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(TestPki.Generate(KeyKind.EcP256).Public);
        var signature = new AlgorithmIdentifier(X9ObjectIdentifiers.ECDsaWithSha256);
        return Pem(Enumerable.Range(0, count).Select(i => Unsigned($"CN=Person {i}", key, signature, 64, null)));
    }

    /// <summary>A self-issued v3 certificate whose signature is random bytes: cheap to make in any number.</summary>
    private static X509Certificate Unsigned(string subject, SubjectPublicKeyInfo key, AlgorithmIdentifier signature, int signatureBytes,
        string? email)
    {
        var random = new SecureRandom();
        var name = new X509Name(subject);
        var tbs = new V3TbsCertificateGenerator();
        tbs.SetSerialNumber(DerInteger.ValueOf(random.NextInt64(1, long.MaxValue)));
        tbs.SetIssuer(name);
        tbs.SetSubject(name);
        tbs.SetStartDate(new Time(DateTime.UtcNow.AddDays(-1)));
        tbs.SetEndDate(new Time(DateTime.UtcNow.AddDays(365)));
        tbs.SetSubjectPublicKeyInfo(key);
        tbs.SetSignature(signature);
        if (email is not null)
        {
            var extensions = new X509ExtensionsGenerator();
            extensions.AddExtension(X509Extensions.SubjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.Rfc822Name, email)));
            tbs.SetExtensions(extensions.Generate());
        }
        var bytes = new byte[signatureBytes];
        random.NextBytes(bytes);
        return new X509Certificate(new X509CertificateStructure(tbs.GenerateTbsCertificate(), signature, new DerBitString(bytes)));
    }

    /// <summary>A root store as Windows exports one: <paramref name="count"/> self-signed CAs with distinct names.</summary>
    public static byte[] RootStore(int count)
    {
        var keys = TestPki.Generate(KeyKind.Rsa2048);
        return SerializedStore.FromCertificates(Enumerable.Range(0, count)
            .Select(i => TestPki.SelfSigned($"CN=Root {i:D3},O=Store {i % 37}", keys).Der)).Write();
    }

    public static byte[] Pem(IEnumerable<X509Certificate> certificates)
    {
        var text = new StringBuilder();
        foreach (var certificate in certificates)
            text.Append("-----BEGIN CERTIFICATE-----\n").Append(Convert.ToBase64String(certificate.GetEncoded(), Base64FormattingOptions.InsertLineBreaks))
                .Append("\n-----END CERTIFICATE-----\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }
}
