using System.Security.Cryptography;
using System.Text;
using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using SmimeAddin.Certificates;
using SmimeAddin.Tests.Support;
using static SmimeAddin.Tests.Support.SampleFiles;

namespace SmimeAddin.Tests.Certificates;

public sealed class CertificateReaderTests
{
    private readonly TestPki pki = new();
    private readonly IssuedCertificate alice;
    private readonly X509Certificate[] chain;

    public CertificateReaderTests()
    {
        alice = pki.Issue(new CertificateSpec());
        chain = [alice.Certificate, pki.Intermediate.Certificate, pki.Root.Certificate];
    }

    [Fact]
    public void DerCertificateIsReadAsItself()
    {
        var result = CertificateReader.Read(alice.Der);

        AssertRead(result, CertificateFileFormat.DerCertificate, (alice.Certificate, false));
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void PemBlocksAreReadInFileOrderWithTextAroundThem(string newline)
    {
        var file = Concat(
            Encoding.ASCII.GetBytes($"Bag Attributes{newline}    friendlyName: alice{newline}subject=CN=Alice Martin{newline}"),
            Pem("CERTIFICATE", alice.Der, newline),
            Encoding.ASCII.GetBytes($"issuer follows{newline}"),
            Pem("CERTIFICATE", pki.Intermediate.Der, newline),
            Pem("CERTIFICATE", pki.Root.Der, newline),
            Encoding.ASCII.GetBytes("the end"));

        var result = CertificateReader.Read(file);

        AssertRead(result, CertificateFileFormat.Pem, (alice.Certificate, false), (pki.Intermediate.Certificate, false), (pki.Root.Certificate, false));
    }

    [Fact]
    public void PemX509CertificateLabelIsACertificate()
    {
        var result = CertificateReader.Read(Pem("X509 CERTIFICATE", alice.Der));

        AssertRead(result, CertificateFileFormat.Pem, (alice.Certificate, false));
    }

    [Fact]
    public void PemTrustedCertificateIsReadWithoutItsOpenSslTrustSettings()
    {
        var trustSettings = new DerSequence(new DerSequence(KeyPurposeID.id_kp_emailProtection)).GetEncoded();

        var result = CertificateReader.Read(Pem("TRUSTED CERTIFICATE", Concat(alice.Der, trustSettings)));

        AssertRead(result, CertificateFileFormat.Pem, (alice.Certificate, false));
    }

    [Fact]
    public void PemBlocksThatAreNotCertificatesAreSkipped()
    {
        var publicKey = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(alice.Keys.Public).GetEncoded();

        var result = CertificateReader.Read(Concat(Pem("PUBLIC KEY", publicKey), Pem("CERTIFICATE", alice.Der)));

        AssertRead(result, CertificateFileFormat.Pem, (alice.Certificate, false));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CertificatesOnlyBundleIsReadInFileOrder(bool pem)
    {
        var bundle = CertificatesOnly(pki.Root.Certificate, alice.Certificate, pki.Intermediate.Certificate);

        var result = CertificateReader.Read(pem ? Pem("PKCS7", bundle) : bundle);

        AssertRead(result, CertificateFileFormat.Pkcs7CertificatesOnly,
            (pki.Root.Certificate, false), (alice.Certificate, false), (pki.Intermediate.Certificate, false));
    }

    [Theory]
    [InlineData(false, SignerId.IssuerAndSerial)]
    [InlineData(true, SignerId.IssuerAndSerial)]
    [InlineData(false, SignerId.SubjectKeyIdentifier)]
    [InlineData(true, SignerId.SubjectKeyIdentifier)]
    public void SignatureMarksItsSignersCertificate(bool attached, SignerId signerId)
    {
        var signature = Signed(alice, [pki.Intermediate.Certificate, alice.Certificate], attached, signerId);

        var result = CertificateReader.Read(signature);

        AssertRead(result, CertificateFileFormat.CmsSignedData, (pki.Intermediate.Certificate, false), (alice.Certificate, true));
    }

    [Theory]
    [InlineData(false, SignerId.IssuerAndSerial)]
    [InlineData(true, SignerId.IssuerAndSerial)]
    [InlineData(true, SignerId.SubjectKeyIdentifier)]
    public void IndefiniteLengthSignatureIsRead(bool attached, SignerId signerId)
    {
        var signature = SignedStreaming(alice, chain, attached, signerId);
        Assert.Equal(0x80, signature[1]);

        var result = CertificateReader.Read(signature);

        AssertRead(result, CertificateFileFormat.CmsSignedData,
            (alice.Certificate, true), (pki.Intermediate.Certificate, false), (pki.Root.Certificate, false));
    }

    [Fact]
    public void PemPkcs7BlockHoldingASignatureIsCmsSignedData()
    {
        var result = CertificateReader.Read(Pem("PKCS7", Signed(alice, chain)));

        AssertRead(result, CertificateFileFormat.CmsSignedData,
            (alice.Certificate, true), (pki.Intermediate.Certificate, false), (pki.Root.Certificate, false));
    }

    [Fact]
    public void SignatureByAnotherKeyMarksNoCertificate()
    {
        var bob = pki.Issue(new CertificateSpec { Subject = "CN=Bob", SanEmails = ["bob@example.org"], Key = KeyKind.EcP256 });
        var signature = Signed(alice, [bob.Certificate, pki.Intermediate.Certificate]);

        var result = CertificateReader.Read(signature);

        AssertRead(result, CertificateFileFormat.CmsSignedData, (bob.Certificate, false), (pki.Intermediate.Certificate, false));
    }

    [Theory]
    [InlineData(SubjectIdentifierType.IssuerAndSerialNumber)]
    [InlineData(SubjectIdentifierType.SubjectKeyIdentifier)]
    public void MultipartSignedMessageMarksItsSignerAndCarriesTheChain(SubjectIdentifierType signerId)
    {
        var result = CertificateReader.Read(SignedMessage(alice, chain, signerId));

        AssertReadAliceChain(result);
    }

    [Fact]
    public void MultipartSignedWithTheOldXPkcs7SignatureTypeIsRead()
    {
        var message = Encoding.ASCII.GetString(SignedMessage(alice, chain)).Replace("application/pkcs7-signature", "application/x-pkcs7-signature");
        Assert.Contains("Content-Type: application/x-pkcs7-signature", message);

        var result = CertificateReader.Read(Encoding.ASCII.GetBytes(message));

        AssertReadAliceChain(result);
    }

    public static TheoryData<string> OpaqueRetypes => ["none", "x-pkcs7-mime", "no smime-type"];

    [Theory]
    [MemberData(nameof(OpaqueRetypes))]
    public void OpaqueSignedMessageIsReadWhateverItsContentTypeSays(string retype)
    {
        var message = OpaqueSignedMessage(alice, chain, type =>
        {
            if (retype == "x-pkcs7-mime")
                type.MediaSubtype = "x-pkcs7-mime";
            if (retype == "no smime-type")
                type.Parameters.Remove("smime-type");
        });

        var result = CertificateReader.Read(message);

        AssertReadAliceChain(result);
    }

    [Fact]
    public void SignedMessageInsideAMixedMessageIsFound()
    {
        using var context = new TemporarySecureMimeContext();
        var signed = MultipartSigned.Create(context, new CmsSigner(chain, alice.Keys.Private), Body());

        var result = CertificateReader.Read(Message(new Multipart("mixed") { Body(), signed }));

        AssertReadAliceChain(result);
    }

    [Fact]
    public void SignedMessageForwardedAsAnAttachmentIsFound()
    {
        var forwarded = MimeMessage.Load(new MemoryStream(SignedMessage(alice, chain)));

        var result = CertificateReader.Read(Message(new Multipart("mixed") { Body(), new MessagePart { Message = forwarded } }));

        AssertReadAliceChain(result);
    }

    [Fact]
    public void SignedMessageQuotingAPemCertificateIsReadForItsSignature()
    {
        var bob = pki.Issue(new CertificateSpec { Subject = "CN=Bob", SanEmails = ["bob@example.org"] });
        var body = new TextPart("plain") { Text = "Bob's certificate:\n" + Encoding.ASCII.GetString(Pem("CERTIFICATE", bob.Der)) };
        using var context = new TemporarySecureMimeContext();

        var result = CertificateReader.Read(Message(MultipartSigned.Create(context, new CmsSigner(chain, alice.Keys.Private), body)));

        AssertReadAliceChain(result);
    }

    [Fact]
    public void SerializedStoreIsReadInFileOrder()
    {
        var store = SerializedStore.FromCertificates([pki.Root.Der, alice.Der, pki.Intermediate.Der]).Write();

        var result = CertificateReader.Read(store);

        AssertRead(result, CertificateFileFormat.SerializedStore,
            (pki.Root.Certificate, false), (alice.Certificate, false), (pki.Intermediate.Certificate, false));
    }

    [Fact]
    public void EmptyFileIsRefused()
    {
        Assert.Equal(ReadRefusal.EmptyFile, CertificateReader.Read(ReadOnlyMemory<byte>.Empty).Refusal);
    }

    [Theory]
    [InlineData("secret")]
    [InlineData(null)]
    public void PfxIsRefusedForItsPrivateKey(string? password)
    {
        Assert.Equal(ReadRefusal.PrivateKey, CertificateReader.Read(Pfx(alice, password)).Refusal);
    }

    [Theory]
    [InlineData("PRIVATE KEY")]
    [InlineData("RSA PRIVATE KEY")]
    [InlineData("EC PRIVATE KEY")]
    [InlineData("DSA PRIVATE KEY")]
    [InlineData("ENCRYPTED PRIVATE KEY")]
    [InlineData("OPENSSH PRIVATE KEY")]
    public void PemPrivateKeyIsRefused(string label)
    {
        Assert.Equal(ReadRefusal.PrivateKey, CertificateReader.Read(Pem(label, PrivateKeyInfo(alice))).Refusal);
    }

    [Fact]
    public void PemPrivateKeyNextToCertificatesIsRefused()
    {
        var file = Concat(Pem("CERTIFICATE", alice.Der), Pem("PRIVATE KEY", PrivateKeyInfo(alice)), Pem("CERTIFICATE", pki.Root.Der));

        Assert.Equal(ReadRefusal.PrivateKey, CertificateReader.Read(file).Refusal);
    }

    [Fact]
    public void EnvelopedDataIsRefusedAsEncrypted()
    {
        Assert.Equal(ReadRefusal.EncryptedMessage, CertificateReader.Read(Enveloped(alice.Certificate)).Refusal);
    }

    [Fact]
    public void EncryptedMessageIsRefused()
    {
        Assert.Equal(ReadRefusal.EncryptedMessage, CertificateReader.Read(EncryptedMessage(alice.Certificate)).Refusal);
    }

    public static TheoryData<string> CorruptSamples =>
    [
        "truncated certificate", "truncated bundle", "trailing bytes", "bad base64", "unterminated pem",
        "truncated signature in message", "truncated store", "store entry that is no certificate",
    ];

    [Theory]
    [MemberData(nameof(CorruptSamples))]
    public void DamagedFileInARecognisedFormatIsCorrupt(string sample)
    {
        var file = sample switch
        {
            "truncated certificate" => alice.Der[..^10],
            "truncated bundle" => CertificatesOnly(chain)[..^100],
            "trailing bytes" => Concat(alice.Der, [0, 0]),
            "bad base64" => Encoding.ASCII.GetBytes("-----BEGIN CERTIFICATE-----\nMIIB*#!\n-----END CERTIFICATE-----\n"),
            "unterminated pem" => Pem("CERTIFICATE", alice.Der)[..^30],
            "truncated store" => SerializedStore.FromCertificates([alice.Der]).Write()[..^20],
            "store entry that is no certificate" => SerializedStore.FromCertificates([alice.Der, "not DER"u8.ToArray()]).Write(),
            _ => Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(SignedMessage(alice, chain)).Replace("\nMIA", "\nMIB")),
        };

        Assert.Equal(ReadRefusal.CorruptFile, CertificateReader.Read(file).Refusal);
    }

    public static TheoryData<string> UnsupportedSamples => ["text", "json", "png", "random", "public key der", "openssl dump"];

    [Theory]
    [MemberData(nameof(UnsupportedSamples))]
    public void FileInNoCertificateFormatIsUnsupported(string sample)
    {
        var file = sample switch
        {
            "text" => "Please find my certificate attached.\n"u8.ToArray(),
            "json" => "{\"certificate\": null}"u8.ToArray(),
            "png" => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52],
            "random" => RandomBytes(new Random(7), 2000),
            "public key der" => SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(alice.Keys.Public).GetEncoded(),
            _ => "Certificate:\n    Data:\n        Version: 3 (0x2)\n"u8.ToArray(),
        };

        Assert.Equal(ReadRefusal.UnsupportedFormat, CertificateReader.Read(file).Refusal);
    }

    public static TheoryData<string> EmptyContainers =>
        ["empty bundle", "signature without certificates", "pem without certificates", "unsigned message", "empty store"];

    [Theory]
    [MemberData(nameof(EmptyContainers))]
    public void RecognisedFileHoldingNoCertificateSaysSo(string sample)
    {
        var file = sample switch
        {
            "empty bundle" => CertificatesOnly(),
            "signature without certificates" => Signed(alice, []),
            "pem without certificates" => Pem("PUBLIC KEY", SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(alice.Keys.Public).GetEncoded()),
            "unsigned message" => Message(Body()),
            _ => SerializedStore.FromCertificates([]).Write(),
        };

        Assert.Equal(ReadRefusal.NoCertificate, CertificateReader.Read(file).Refusal);
    }

    public static TheoryData<string> ValidSamples =>
    [
        "der certificate", "pem", "pem crlf", "p7b", "p7b pem", "p7s detached", "p7s attached", "p7s indefinite length",
        "p7s subject key identifier", "signed message", "opaque signed message", "pfx", "pem private key", "enveloped",
        "encrypted message", "serialized store",
    ];

    /// <summary>Truncated, bit-flipped, overwritten and random-tailed variants of a valid file. Fixed seeds keep any
    /// failure reproducible; whatever a mangled file turns out to be, reading it must give a result or a refusal.</summary>
    [Theory]
    [MemberData(nameof(ValidSamples))]
    public void MangledFilesAreReadOrRefusedWithoutThrowing(string sample)
    {
        var valid = ValidSample(sample);
        var random = new Random(sample.Sum(c => c));
        var failures = new List<string>();
        foreach (var (description, file) in Mangled(valid, random))
        {
            try
            {
                var result = CertificateReader.Read(file);
                if ((result.File is null) == (result.Refusal is null) || result.File is { Certificates.Count: 0 })
                    failures.Add($"{description}: neither certificates nor a refusal");
            }
            catch (Exception e)
            {
                failures.Add($"{description}: {e.GetType().Name}: {e.Message}");
            }
        }

        Assert.Empty(failures);
    }

    private static IEnumerable<(string, byte[])> Mangled(byte[] valid, Random random)
    {
        for (var length = 0; length < valid.Length; length += length < 600 ? 1 : 11)
            yield return ($"truncated to {length}", valid[..length]);
        for (var i = 0; i < 1500; i++)
        {
            var (position, bit) = (random.Next(valid.Length), random.Next(8));
            var flipped = (byte[])valid.Clone();
            flipped[position] ^= (byte)(1 << bit);
            yield return ($"bit {bit} of byte {position} flipped", flipped);
        }
        for (var i = 0; i < 300; i++)
        {
            var (position, count) = (random.Next(valid.Length), random.Next(1, 9));
            var overwritten = (byte[])valid.Clone();
            random.NextBytes(overwritten.AsSpan(position, Math.Min(count, valid.Length - position)));
            yield return ($"{count} bytes at {position} overwritten", overwritten);
        }
        for (var i = 0; i < 40; i++)
        {
            var kept = i < 20 ? random.Next(1, 5) : random.Next(valid.Length);
            yield return ($"{kept} bytes kept, random tail (#{i})", Concat(valid[..kept], RandomBytes(random, random.Next(0, 3000))));
        }
    }

    private byte[] ValidSample(string sample) => sample switch
    {
        "der certificate" => alice.Der,
        "pem" => Concat(Pem("CERTIFICATE", alice.Der), Pem("CERTIFICATE", pki.Root.Der)),
        "pem crlf" => Concat(Pem("CERTIFICATE", alice.Der, "\r\n"), Pem("CERTIFICATE", pki.Root.Der, "\r\n")),
        "p7b" => CertificatesOnly(chain),
        "p7b pem" => Pem("PKCS7", CertificatesOnly(chain)),
        "p7s detached" => Signed(alice, chain),
        "p7s attached" => Signed(alice, chain, attached: true),
        "p7s indefinite length" => SignedStreaming(alice, chain),
        "p7s subject key identifier" => Signed(alice, chain, signerId: SignerId.SubjectKeyIdentifier),
        "signed message" => SignedMessage(alice, chain),
        "opaque signed message" => OpaqueSignedMessage(alice, chain),
        "pfx" => Pfx(alice, "secret"),
        "pem private key" => Pem("PRIVATE KEY", PrivateKeyInfo(alice)),
        "enveloped" => Enveloped(alice.Certificate),
        "encrypted message" => EncryptedMessage(alice.Certificate),
        "serialized store" => SerializedStore.FromCertificates([alice.Der, pki.Root.Der]).Write(),
        _ => throw new ArgumentOutOfRangeException(nameof(sample)),
    };

    private void AssertReadAliceChain(CertificateReadResult result) =>
        AssertRead(result, CertificateFileFormat.SignedMessage,
            (alice.Certificate, true), (pki.Intermediate.Certificate, false), (pki.Root.Certificate, false));

    private static void AssertRead(CertificateReadResult result, CertificateFileFormat format, params (X509Certificate Certificate, bool Signed)[] expected)
    {
        Assert.Null(result.Refusal);
        Assert.NotNull(result.File);
        Assert.Equal(format, result.File.Format);
        Assert.Equal(
            expected.Select(e => (Thumbprint(e.Certificate), e.Signed)),
            result.File.Certificates.Select(c => (Thumbprint(c.Certificate), c.SignedTheFile)));
    }

    private static string Thumbprint(X509Certificate certificate) => Convert.ToHexString(SHA1.HashData(certificate.GetEncoded()));

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
