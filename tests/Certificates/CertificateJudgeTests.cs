using System.Globalization;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using SmimeAddin.Certificates;
using SmimeAddin.Tests.Support;
using KeyUsage = Org.BouncyCastle.Asn1.X509.KeyUsage;

namespace SmimeAddin.Tests.Certificates;

public sealed class CertificateJudgeTests
{
    // Midday, so whole days between it and the certificates' dates stay whole after UTCTime's second precision.
    private static readonly DateTime Now = DateTime.UtcNow.Date.AddHours(12);
    private const string Alice = "alice@example.org";
    private const string IntermediateName = "O=SmimeAddin Tests,CN=Test Intermediate CA";
    private readonly TestPki pki = new();

    private static CertificateSpec Spec => new() { NotBefore = Now.AddDays(-30), NotAfter = Now.AddDays(365) };

    private Verdict Judge(IssuedCertificate certificate, string? address = Alice, IssuedCertificate[]? trusted = null,
        IssuedCertificate[]? intermediates = null, TimeSpan? window = null) =>
        CertificateJudge.Judge(certificate.Certificate, address, (trusted ?? [pki.Root]).Select(c => c.Certificate).ToArray(),
            (intermediates ?? [pki.Intermediate]).Select(c => c.Certificate).ToArray(), new DateTimeOffset(Now), window);

    private static string Error(FindingCode code, params string[] arguments) => Show(Finding.Error(code, arguments));

    private static string Show(Finding finding) => $"{finding.Severity} {finding.Code}({string.Join(" | ", finding.Arguments)})";

    private static void AssertFindings(Verdict verdict, params string[] expected) => Assert.Equal(expected, verdict.Findings.Select(Show));

    private static void AssertChain(Verdict verdict, params IssuedCertificate[] expected) =>
        Assert.Equal(expected.Select(c => c.Certificate), verdict.Chain);

    private static string Day(DateTime date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public void GoodCertificateIsUsableWithItsChainUpToTheTrustedRoot()
    {
        var leaf = pki.Issue(Spec);

        var verdict = Judge(leaf);

        Assert.True(verdict.Usable);
        AssertFindings(verdict);
        AssertChain(verdict, leaf, pki.Intermediate, pki.Root);
    }

    [Fact]
    public void ChainStopsAtATrustedIntermediate()
    {
        var leaf = pki.Issue(Spec);

        var verdict = Judge(leaf, trusted: [pki.Intermediate], intermediates: [pki.Intermediate, pki.Root]);

        AssertFindings(verdict);
        AssertChain(verdict, leaf, pki.Intermediate);
    }

    [Fact]
    public void CertificateThatIsItselfTrustedIsTrusted()
    {
        var leaf = pki.Issue(Spec);

        var verdict = Judge(leaf, trusted: [leaf], intermediates: []);

        AssertFindings(verdict);
        AssertChain(verdict, leaf);
    }

    [Fact]
    public void NotYetValidCertificateIsNotUsable()
    {
        var verdict = Judge(pki.Issue(Spec with { NotBefore = Now.AddDays(2) }));

        Assert.False(verdict.Usable);
        AssertFindings(verdict, Error(FindingCode.NotYetValid, Day(Now.AddDays(2))));
    }

    [Fact]
    public void ExpiredCertificateIsNotUsable()
    {
        var verdict = Judge(pki.Issue(Spec with { NotBefore = Now.AddDays(-400), NotAfter = Now.AddDays(-1) }));

        Assert.False(verdict.Usable);
        AssertFindings(verdict, Error(FindingCode.Expired, Day(Now.AddDays(-1))));
    }

    [Fact]
    public void CertificateExpiringWithinThirtyDaysIsUsableWithAWarning()
    {
        var verdict = Judge(pki.Issue(Spec with { NotAfter = Now.AddDays(10) }));

        Assert.True(verdict.Usable);
        AssertFindings(verdict, Show(Finding.Warning(FindingCode.ExpiresSoon, Day(Now.AddDays(10)), "10")));
    }

    [Theory]
    [InlineData(10, 5, false)]
    [InlineData(10, 11, true)]
    [InlineData(45, 60, true)]
    [InlineData(45, null, false)]
    public void ExpiresSoonWindowIsConfigurable(int daysLeft, int? windowDays, bool warned)
    {
        var window = windowDays is { } days ? TimeSpan.FromDays(days) : (TimeSpan?)null;

        var verdict = Judge(pki.Issue(Spec with { NotAfter = Now.AddDays(daysLeft) }), window: window);

        Assert.Equal(warned, verdict.Findings.Any(f => f.Code == FindingCode.ExpiresSoon));
    }

    [Fact]
    public void CertificateWithoutAnyAddressNamesNoEmailAddress() =>
        AssertFindings(Judge(pki.Issue(Spec with { SanEmails = [] })), Error(FindingCode.NoEmailAddress));

    [Fact]
    public void MissingAddressIsReportedEvenWithoutARequestedAddress() =>
        AssertFindings(Judge(pki.Issue(Spec with { SanEmails = [] }), address: null), Error(FindingCode.NoEmailAddress));

    [Fact]
    public void CertificateForOtherAddressesIsAMismatch()
    {
        var verdict = Judge(pki.Issue(Spec with { SanEmails = [Alice, "a.martin@example.org"] }), address: "bob@example.org");

        AssertFindings(verdict, Error(FindingCode.AddressMismatch, "bob@example.org", "alice@example.org, a.martin@example.org"));
    }

    [Theory]
    [InlineData("ALICE@EXAMPLE.ORG")]
    [InlineData("Alice@Example.Org")]
    [InlineData("a.martin@example.org")]
    public void AnySanAddressMatchesIgnoringCase(string requested) =>
        AssertFindings(Judge(pki.Issue(Spec with { SanEmails = [Alice, "A.Martin@example.org"] }), address: requested));

    [Fact]
    public void WithoutARequestedAddressNoMismatchIsReported() =>
        AssertFindings(Judge(pki.Issue(Spec with { SanEmails = ["someone@example.net"] }), address: null));

    [Fact]
    public void SubjectAddressCountsWhenSanHasNone() =>
        AssertFindings(Judge(pki.Issue(Spec with { SanEmails = [], SubjectEmail = Alice })));

    [Fact]
    public void SubjectAddressIsIgnoredWhenSanNamesOthers()
    {
        var verdict = Judge(pki.Issue(Spec with { SanEmails = ["bob@example.org"], SubjectEmail = Alice }));

        AssertFindings(verdict, Error(FindingCode.AddressMismatch, Alice, "bob@example.org"));
    }

    [Theory]
    [InlineData("jörg@bücher.example")]
    [InlineData("JÖRG@xn--bcher-kva.example")]
    public void SmtpUtf8MailboxMatchesItsAddress(string requested)
    {
        var leaf = TestCertificates.EndEntity(pki.Intermediate, Now.AddDays(-1), Now.AddDays(90), generator =>
            generator.AddExtension(X509Extensions.SubjectAlternativeName, false, TestCertificates.SmtpUtf8Mailbox("jörg@bücher.example")));

        AssertFindings(Judge(leaf, address: requested));
    }

    [Theory]
    [InlineData(new[] { "clientAuth" }, true)]
    [InlineData(new string[0], true)]
    [InlineData(new[] { "clientAuth", "emailProtection" }, false)]
    [InlineData(new[] { "anyExtendedKeyUsage" }, false)]
    [InlineData(null, false)]
    public void ExtendedKeyUsageMustAllowEmailProtection(string[]? purposes, bool notForEmail)
    {
        var known = new Dictionary<string, KeyPurposeID>
        {
            ["clientAuth"] = KeyPurposeID.id_kp_clientAuth, ["emailProtection"] = KeyPurposeID.id_kp_emailProtection,
            ["anyExtendedKeyUsage"] = KeyPurposeID.AnyExtendedKeyUsage,
        };

        var verdict = Judge(pki.Issue(Spec with { ExtendedKeyUsages = purposes?.Select(name => known[name]).ToArray() }));

        AssertFindings(verdict, notForEmail ? [Error(FindingCode.NotForEmail)] : []);
    }

    [Fact]
    public void RsaKeyWithoutKeyEnciphermentCannotEncrypt() =>
        AssertFindings(Judge(pki.Issue(Spec with { KeyUsage = KeyUsage.DigitalSignature })), Error(FindingCode.CannotEncrypt, "RSA"));

    [Fact]
    public void RsaKeyWithoutKeyUsageExtensionCanEncrypt() => AssertFindings(Judge(pki.Issue(Spec with { KeyUsage = null })));

    [Fact]
    public void EcP256KeyWithKeyAgreementIsUsable()
    {
        var verdict = Judge(pki.Issue(Spec with { Key = KeyKind.EcP256, KeyUsage = KeyUsage.DigitalSignature | KeyUsage.KeyAgreement }));

        Assert.True(verdict.Usable);
        AssertFindings(verdict);
    }

    [Fact]
    public void EcKeyWithOnlyDigitalSignatureCannotEncrypt() =>
        AssertFindings(Judge(pki.Issue(Spec with { Key = KeyKind.EcP256, KeyUsage = KeyUsage.DigitalSignature })), Error(FindingCode.CannotEncrypt, "EC"));

    [Theory]
    [InlineData(KeyKind.Rsa1024, KeyUsage.KeyEncipherment, "RSA 1024")]
    [InlineData(KeyKind.EcSecp256k1, KeyUsage.KeyAgreement, "EC secp256k1")]
    public void WeakKeyIsNotUsable(KeyKind kind, int keyUsage, string described) =>
        AssertFindings(Judge(pki.Issue(Spec with { Key = kind, KeyUsage = keyUsage })), Error(FindingCode.WeakKey, described));

    [Fact]
    public void EcKeyWithExplicitCurveParametersIsWeak()
    {
        var leaf = TestPki.Issue(pki.Intermediate, Spec with { KeyUsage = KeyUsage.KeyAgreement }, TestCertificates.ExplicitCurveKeys);

        AssertFindings(Judge(leaf), Error(FindingCode.WeakKey, "EC explicit"));
    }

    [Fact]
    public void DsaKeyCannotEncryptAndIsWeak() =>
        AssertFindings(Judge(pki.Issue(Spec with { Key = KeyKind.Dsa2048 })), Error(FindingCode.CannotEncrypt, "DSA"), Error(FindingCode.WeakKey, "DSA 2048"));

    [Fact]
    public void Ed25519KeyCannotEncrypt() =>
        AssertFindings(Judge(TestPki.Issue(pki.Intermediate, Spec with { KeyUsage = null }, TestCertificates.Ed25519Keys)), Error(FindingCode.CannotEncrypt, "Ed25519"));

    [Theory]
    [InlineData("SHA1WITHRSA", "SHA-1 with RSA")]
    [InlineData("MD5WITHRSA", "MD5 with RSA")]
    public void WeakSignatureIsFlaggedThoughItVerifies(string algorithm, string described)
    {
        var leaf = pki.Issue(Spec with { SignatureAlgorithm = algorithm });

        var verdict = Judge(leaf);

        AssertFindings(verdict, Error(FindingCode.WeakSignature, described));
        AssertChain(verdict, leaf, pki.Intermediate, pki.Root);
    }

    [Fact]
    public void CertificationAuthorityCertificateIsNotAPersons() =>
        AssertFindings(Judge(pki.Issue(Spec with { IsCa = true })), Error(FindingCode.IsCertificateAuthority));

    [Fact]
    public void EveryFindingIsReportedAtOnce()
    {
        var leaf = pki.Issue(Spec with
        {
            NotBefore = Now.AddDays(-400), NotAfter = Now.AddDays(-1), SanEmails = ["bob@example.org"], Key = KeyKind.Rsa1024,
            ExtendedKeyUsages = [KeyPurposeID.id_kp_clientAuth], KeyUsage = KeyUsage.DigitalSignature, SignatureAlgorithm = "SHA1WITHRSA",
        });

        var verdict = Judge(leaf, intermediates: []);

        AssertFindings(verdict,
            Error(FindingCode.Expired, Day(Now.AddDays(-1))),
            Error(FindingCode.AddressMismatch, Alice, "bob@example.org"),
            Error(FindingCode.NotForEmail),
            Error(FindingCode.CannotEncrypt, "RSA"),
            Error(FindingCode.WeakKey, "RSA 1024"),
            Error(FindingCode.WeakSignature, "SHA-1 with RSA"),
            Error(FindingCode.IssuerNotTrusted, IntermediateName));
        AssertChain(verdict, leaf);
    }

    [Fact]
    public void MissingIntermediateLeavesTheIssuerUntrusted()
    {
        var leaf = pki.Issue(Spec);

        var verdict = Judge(leaf, intermediates: []);

        AssertFindings(verdict, Error(FindingCode.IssuerNotTrusted, IntermediateName));
        AssertChain(verdict, leaf);
    }

    [Fact]
    public void ChainToAnUntrustedRootIsNotTrusted()
    {
        var otherRoot = TestPki.SelfSigned("CN=Other Root CA", TestCertificates.OtherRsaKeys);

        var verdict = Judge(pki.Issue(Spec), trusted: [otherRoot]);

        AssertFindings(verdict, Error(FindingCode.IssuerNotTrusted, IntermediateName));
    }

    [Fact]
    public void RootThatCameWithTheUploadIsNotTrusted()
    {
        var leaf = pki.Issue(Spec);

        var verdict = Judge(leaf, trusted: [], intermediates: [pki.Intermediate, pki.Root]);

        AssertFindings(verdict, Error(FindingCode.IssuerNotTrusted, IntermediateName));
        AssertChain(verdict, leaf);
    }

    [Fact]
    public void ExpiredIntermediateBreaksTheChain()
    {
        var expired = pki.Issue(pki.Root, new CertificateSpec
        {
            Subject = "CN=Expired Intermediate CA", SanEmails = [], IsCa = true, KeyUsage = KeyUsage.KeyCertSign, ExtendedKeyUsages = null,
            NotBefore = Now.AddDays(-400), NotAfter = Now.AddDays(-1),
        });
        var leaf = pki.Issue(expired, Spec);

        var verdict = Judge(leaf, intermediates: [expired]);

        AssertFindings(verdict, Error(FindingCode.IssuerNotTrusted, "CN=Expired Intermediate CA"));
    }

    [Fact]
    public void OfTwoTrustedRootsWithOneSubjectTheOneWhoseKeySignedEndsTheChain()
    {
        var impostor = TestCertificates.Impostor(pki.Root, issuer: null, TestCertificates.OtherRsaKeys);
        var leaf = pki.Issue(Spec);

        var verdict = Judge(leaf, trusted: [impostor, pki.Root]);

        AssertFindings(verdict);
        AssertChain(verdict, leaf, pki.Intermediate, pki.Root);
    }

    [Fact]
    public void RootWithTheSameSubjectAndKeyIdentifierButAnotherKeyIsNotTrusted()
    {
        var impostor = TestCertificates.Impostor(pki.Root, issuer: null, TestCertificates.OtherRsaKeys);

        var verdict = Judge(pki.Issue(Spec), trusted: [impostor]);

        AssertFindings(verdict, Error(FindingCode.IssuerNotTrusted, IntermediateName));
    }

    [Fact]
    public void IntermediateWithTheSameNameButAnotherKeyBreaksTheChain()
    {
        var impostor = TestCertificates.Impostor(pki.Intermediate, pki.Root, TestCertificates.OtherRsaKeys);

        var verdict = Judge(pki.Issue(Spec), intermediates: [impostor]);

        AssertFindings(verdict, Error(FindingCode.IssuerNotTrusted, IntermediateName));
    }

    [Fact]
    public void IntermediateWithTheSameNameIsPassedOverForTheOneThatSigned()
    {
        var impostor = TestCertificates.Impostor(pki.Intermediate, pki.Root, TestCertificates.OtherRsaKeys);
        var leaf = pki.Issue(Spec);

        var verdict = Judge(leaf, intermediates: [impostor, pki.Intermediate]);

        AssertChain(verdict, leaf, pki.Intermediate, pki.Root);
    }

    [Fact]
    public void EndEntityCertificateCannotIssueCertificates()
    {
        var alice = pki.Issue(Spec);
        var mallory = pki.Issue(alice, Spec with { Subject = "CN=Mallory", SanEmails = ["mallory@example.org"] });

        var verdict = Judge(mallory, address: null, intermediates: [alice, pki.Intermediate]);

        AssertFindings(verdict, Error(FindingCode.IssuerNotTrusted, "CN=Alice Martin"));
    }

    [Theory]
    [InlineData("SHA256WITHRSAANDMGF1")]
    [InlineData("SHA384WITHRSA")]
    [InlineData("SHA512WITHRSA")]
    public void RsaSignaturesVerifyOnThePlatform(string algorithm)
    {
        var leaf = pki.Issue(Spec with { SignatureAlgorithm = algorithm });

        Assert.True(CertificateSignature.VerifyOnPlatform(leaf.Certificate, pki.Intermediate.Certificate));
        Assert.False(CertificateSignature.VerifyOnPlatform(leaf.Certificate, pki.Root.Certificate));
        AssertChain(Judge(leaf), leaf, pki.Intermediate, pki.Root);
    }

    [Theory]
    [InlineData("SHA256WITHECDSA", true)]
    [InlineData("SHA384WITHECDSA", true)]
    [InlineData("SHA224WITHECDSA", null)]
    public void EcdsaChainVerifiesOnThePlatformWhenItHasTheHash(string algorithm, bool? platform)
    {
        var ecCa = pki.Issue(pki.Root, new CertificateSpec
        {
            Subject = "CN=EC Intermediate CA", Key = KeyKind.EcP384, SanEmails = [], IsCa = true, KeyUsage = KeyUsage.KeyCertSign, ExtendedKeyUsages = null,
        });
        var leaf = pki.Issue(ecCa, Spec with { Key = KeyKind.EcP256, KeyUsage = KeyUsage.KeyAgreement, SignatureAlgorithm = algorithm });

        var verdict = Judge(leaf, intermediates: [ecCa]);

        Assert.Equal(platform, CertificateSignature.VerifyOnPlatform(leaf.Certificate, ecCa.Certificate));
        AssertFindings(verdict);
        AssertChain(verdict, leaf, ecCa, pki.Root);
    }

    [Fact]
    public void UndecodableSanIsMalformedRatherThanAddressless()
    {
        var leaf = TestCertificates.EndEntity(pki.Intermediate, Now.AddDays(-1), Now.AddDays(90), generator =>
            generator.AddExtension(X509Extensions.SubjectAlternativeName, false, new byte[] { 0x30, 0x03, 0x0C, 0x01, 0x78 }));

        AssertFindings(Judge(leaf), Error(FindingCode.Malformed, "subjectAltName"));
    }

    [Fact]
    public void UndecodableExtendedKeyUsageIsMalformed()
    {
        var leaf = TestCertificates.EndEntity(pki.Intermediate, Now.AddDays(-1), Now.AddDays(90), generator =>
        {
            generator.AddExtension(X509Extensions.SubjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.Rfc822Name, Alice)));
            generator.AddExtension(X509Extensions.ExtendedKeyUsage, false, new byte[] { 0x04, 0x01, 0x00 });
        });

        AssertFindings(Judge(leaf), Error(FindingCode.Malformed, "extendedKeyUsage"));
    }

    [Fact]
    public void UnsignedOuterAlgorithmThatDiffersFromTheSignedOneBreaksTheChainAndIsMalformed()
    {
        var leaf = TestCertificates.WithOuterAlgorithm(pki.Issue(Spec).Certificate, "1.2.840.113549.1.1.5");

        var verdict = CertificateJudge.Judge(leaf, Alice, [pki.Root.Certificate], [pki.Intermediate.Certificate], new DateTimeOffset(Now));

        AssertFindings(verdict, Error(FindingCode.IssuerNotTrusted, IntermediateName), Error(FindingCode.Malformed, "signatureAlgorithm"));
    }
}
