using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.X509;
using SmimeAddin.Certificates;
using SmimeAddin.Tests.Support;
using KeyUsage = Org.BouncyCastle.Asn1.X509.KeyUsage;

namespace SmimeAddin.Tests.Certificates;

public sealed class CertificateFactsTests
{
    private static readonly DateTime Now = DateTime.UtcNow.Date.AddHours(12);
    private readonly TestPki pki = new();

    [Fact]
    public void ThumbprintsAreTheUpperCaseHexWindowsShows()
    {
        var certificate = pki.Issue(new CertificateSpec());
        using var platform = X509CertificateLoader.LoadCertificate(certificate.Der);

        Assert.Equal(platform.Thumbprint, CertificateFacts.Sha1Thumbprint(certificate.Certificate));
        Assert.Equal(platform.GetCertHashString(HashAlgorithmName.SHA256), CertificateFacts.Sha256Thumbprint(certificate.Certificate));
    }

    [Theory]
    [InlineData("0102", "0102")]
    [InlineData("80AB", "0080AB")]
    public void SerialNumberIsTheDerIntegerInUpperCaseHex(string serial, string expected)
    {
        var certificate = pki.Issue(new CertificateSpec { Serial = new BigInteger(serial, 16) });
        using var platform = X509CertificateLoader.LoadCertificate(certificate.Der);

        Assert.Equal(expected, CertificateFacts.SerialNumber(certificate.Certificate));
        Assert.Equal(platform.SerialNumber, CertificateFacts.SerialNumber(certificate.Certificate));
    }

    [Fact]
    public void SubjectAndIssuerAreWrittenLastNameFirstAsInRfc2253()
    {
        var certificate = pki.Issue(new CertificateSpec { Subject = "C=FR,O=Contoso,CN=Alice Martin", SubjectEmail = "alice@example.org" });

        Assert.Equal("E=alice@example.org,CN=Alice Martin,O=Contoso,C=FR", CertificateFacts.Subject(certificate.Certificate));
        Assert.Equal("O=SmimeAddin Tests,CN=Test Intermediate CA", CertificateFacts.Issuer(certificate.Certificate));
    }

    [Fact]
    public void SanAndSubjectAddressesAreReturnedSeparately()
    {
        var certificate = pki.Issue(new CertificateSpec { SanEmails = ["alice@example.org", "a.martin@example.org"], SubjectEmail = "old@example.org" });

        var emails = CertificateFacts.EmailAddresses(certificate.Certificate);

        Assert.Equal(["alice@example.org", "a.martin@example.org"], emails.SubjectAltName);
        Assert.Equal(["old@example.org"], emails.Subject);
    }

    [Fact]
    public void SmtpUtf8MailboxInSanIsAnAddress()
    {
        var certificate = TestCertificates.EndEntity(pki.Intermediate, Now.AddDays(-1), Now.AddDays(90), generator =>
            generator.AddExtension(X509Extensions.SubjectAlternativeName, false, TestCertificates.SmtpUtf8Mailbox("jörg@bücher.example")));

        Assert.Equal(["jörg@bücher.example"], CertificateFacts.EmailAddresses(certificate.Certificate).SubjectAltName);
    }

    [Fact]
    public void UndecodableSanGivesNoAddressAndIsNamedMalformed()
    {
        var certificate = TestCertificates.EndEntity(pki.Intermediate, Now.AddDays(-1), Now.AddDays(90), generator =>
            generator.AddExtension(X509Extensions.SubjectAlternativeName, false, new DerSequence(new DerUtf8String("alice@example.org"))));

        Assert.Empty(CertificateFacts.EmailAddresses(certificate.Certificate).SubjectAltName);
        Assert.Equal(["subjectAltName"], CertificateFacts.MalformedParts(certificate.Certificate));
    }

    [Fact]
    public void WellFormedCertificateHasNoMalformedParts() =>
        Assert.Empty(CertificateFacts.MalformedParts(pki.Issue(new CertificateSpec()).Certificate));

    [Theory]
    [InlineData(KeyKind.Rsa2048, "RSA", 2048, null, "RSA 2048")]
    [InlineData(KeyKind.Rsa1024, "RSA", 1024, null, "RSA 1024")]
    [InlineData(KeyKind.EcP256, "EC", 256, "P-256", "EC P-256")]
    [InlineData(KeyKind.EcP384, "EC", 384, "P-384", "EC P-384")]
    [InlineData(KeyKind.EcSecp256k1, "EC", 256, "secp256k1", "EC secp256k1")]
    [InlineData(KeyKind.Dsa2048, "DSA", 2048, null, "DSA 2048")]
    public void KeyAlgorithmAndSizeAreRead(KeyKind kind, string algorithm, int bits, string? curve, string description)
    {
        var key = CertificateFacts.Key(pki.Issue(new CertificateSpec { Key = kind }).Certificate);

        Assert.Equal(new KeyFacts(algorithm, bits, curve), key);
        Assert.Equal(description, key.Description);
    }

    [Fact]
    public void Ed25519KeyIsNamed()
    {
        var certificate = TestPki.Issue(pki.Intermediate, new CertificateSpec(), TestCertificates.Ed25519Keys);

        Assert.Equal(new KeyFacts("Ed25519", 256, null), CertificateFacts.Key(certificate.Certificate));
    }

    [Fact]
    public void EcKeyWithExplicitCurveParametersIsNamedExplicit()
    {
        var certificate = TestPki.Issue(pki.Intermediate, new CertificateSpec(), TestCertificates.ExplicitCurveKeys);

        Assert.Equal(new KeyFacts("EC", 256, "explicit"), CertificateFacts.Key(certificate.Certificate));
    }

    [Fact]
    public void KeyUsagesAreNamedInBitOrder()
    {
        var certificate = pki.Issue(new CertificateSpec { KeyUsage = KeyUsage.KeyAgreement | KeyUsage.DigitalSignature | KeyUsage.NonRepudiation });

        Assert.Equal(["digitalSignature", "nonRepudiation", "keyAgreement"], CertificateFacts.KeyUsages(certificate.Certificate));
    }

    [Fact]
    public void AbsentKeyUsageIsNull() =>
        Assert.Null(CertificateFacts.KeyUsages(pki.Issue(new CertificateSpec { KeyUsage = null }).Certificate));

    [Fact]
    public void ExtendedKeyUsagesAreOidsWithNames()
    {
        var certificate = pki.Issue(new CertificateSpec { ExtendedKeyUsages = [KeyPurposeID.id_kp_clientAuth, KeyPurposeID.id_kp_emailProtection] });

        var oids = CertificateFacts.ExtendedKeyUsages(certificate.Certificate);

        Assert.Equal(["1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.4"], oids);
        Assert.Equal(["clientAuth", "emailProtection"], oids!.Select(CertificateFacts.KeyPurposeName));
    }

    [Fact]
    public void AbsentExtendedKeyUsageIsNullAndEmptyIsEmpty()
    {
        Assert.Null(CertificateFacts.ExtendedKeyUsages(pki.Issue(new CertificateSpec { ExtendedKeyUsages = null }).Certificate));
        Assert.Empty(CertificateFacts.ExtendedKeyUsages(pki.Issue(new CertificateSpec { ExtendedKeyUsages = [] }).Certificate)!);
    }

    [Fact]
    public void UnknownKeyPurposeIsNamedByItsOid() => Assert.Equal("1.2.3.4", CertificateFacts.KeyPurposeName("1.2.3.4"));

    [Fact]
    public void OuterSignatureAlgorithmDifferentFromTheSignedOneIsMalformed()
    {
        var certificate = TestCertificates.WithOuterAlgorithm(pki.Issue(new CertificateSpec()).Certificate, "1.2.840.113549.1.1.5");

        Assert.Equal(["signatureAlgorithm"], CertificateFacts.MalformedParts(certificate));
    }

    // BouncyCastle refuses these at parse time, so the reader refuses the file and the judge never sees them:
    // that is why MalformedParts has no version, keyUsage or basicConstraints check.
    [Fact]
    public void BouncyCastleRefusesToParseAVersion4Certificate()
    {
        var certificate = pki.Issue(new CertificateSpec()).Certificate;
        var tbs = (Asn1Sequence)Asn1Object.FromByteArray(certificate.GetTbsCertificate());
        var fields = new Asn1EncodableVector(new DerTaggedObject(true, 0, DerInteger.ValueOf(3)));
        fields.AddAll(tbs.Cast<Asn1Encodable>().Skip(1).ToArray());
        var der = new DerSequence(new DerSequence(fields), certificate.CertificateStructure.SignatureAlgorithm, certificate.CertificateStructure.Signature).GetEncoded();

        Assert.ThrowsAny<Exception>(() => new X509CertificateParser().ReadCertificate(der));
    }

    [Fact]
    public void BouncyCastleRefusesToParseAnUndecodableKeyUsage()
    {
        var certificate = pki.Issue(new CertificateSpec());
        var der = certificate.Der;
        // The generator parses what it made, so patch the keyUsage BIT STRING into a UTF8String of the same length.
        var keyUsage = certificate.Certificate.GetExtensionValue(X509Extensions.KeyUsage).GetOctets();
        var at = der.AsSpan().IndexOf(keyUsage);
        new byte[] { 0x0C, 0x02, 0x78, 0x78 }.CopyTo(der, at);

        Assert.ThrowsAny<Exception>(() => new X509CertificateParser().ReadCertificate(der));
    }
}
