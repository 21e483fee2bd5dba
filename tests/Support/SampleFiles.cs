using System.Text;
using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities.Collections;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;

namespace SmimeAddin.Tests.Support;

public enum SignerId { IssuerAndSerial, SubjectKeyIdentifier }

/// <summary>The files users upload, built in code from TestPki certificates with BouncyCastle's and MimeKit's own
/// generators, so the reader is tested against what real tools write.</summary>
public static class SampleFiles
{
    private static readonly byte[] Content = "Signed content."u8.ToArray();

    public static byte[] Pem(string label, byte[] der, string newline = "\n")
    {
        var base64 = Convert.ToBase64String(der, Base64FormattingOptions.InsertLineBreaks).Replace("\r\n", newline);
        return Encoding.ASCII.GetBytes($"-----BEGIN {label}-----{newline}{base64}{newline}-----END {label}-----{newline}");
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>A .p7b: SignedData with no signers, definite lengths, certificates in the order given. (Encoded
    /// through SignedData.GetEncoded instead, the certificates come out sorted as a DER SET OF.)</summary>
    public static byte[] CertificatesOnly(params X509Certificate[] certificates)
    {
        var generator = new CmsSignedDataGenerator();
        generator.AddCertificates(CollectionUtilities.CreateStore(certificates));
        return generator.Generate(new CmsAbsentContent(), false).GetEncoded(Asn1Encodable.DL);
    }

    /// <summary>A .p7s with definite lengths, from CmsSignedDataGenerator.</summary>
    public static byte[] Signed(IssuedCertificate signer, X509Certificate[] certificates, bool attached = false,
        SignerId signerId = SignerId.IssuerAndSerial)
    {
        var generator = new CmsSignedDataGenerator();
        generator.AddSignerInfoGenerator(SignerInfo(signer, signerId));
        generator.AddCertificates(CollectionUtilities.CreateStore(certificates));
        return generator.Generate(new CmsProcessableByteArray(Content), attached).GetEncoded(Asn1Encodable.DL);
    }

    /// <summary>A .p7s as CmsSignedDataStreamGenerator writes it: BER, indefinite lengths.</summary>
    public static byte[] SignedStreaming(IssuedCertificate signer, X509Certificate[] certificates, bool attached = true,
        SignerId signerId = SignerId.IssuerAndSerial)
    {
        var generator = new CmsSignedDataStreamGenerator();
        if (signerId == SignerId.IssuerAndSerial)
            generator.AddSigner(signer.Keys.Private, signer.Certificate, CmsSignedGenerator.DigestSha256);
        else
            generator.AddSigner(signer.Keys.Private, SubjectKeyIdentifier(signer), CmsSignedGenerator.DigestSha256);
        generator.AddCertificates(CollectionUtilities.CreateStore(certificates));
        using var output = new MemoryStream();
        using (var content = generator.Open(output, attached))
            content.Write(Content);
        return output.ToArray();
    }

    /// <summary>A .p7m encrypted to the recipient.</summary>
    public static byte[] Enveloped(X509Certificate recipient)
    {
        var generator = new CmsEnvelopedDataGenerator();
        generator.AddKeyTransRecipient(recipient);
        return generator.Generate(new CmsProcessableByteArray(Content), NistObjectIdentifiers.IdAes128Cbc).GetEncoded();
    }

    public static byte[] Pfx(IssuedCertificate owner, string? password)
    {
        var store = new Pkcs12StoreBuilder().Build();
        store.SetKeyEntry("owner", new AsymmetricKeyEntry(owner.Keys.Private), [new X509CertificateEntry(owner.Certificate)]);
        using var output = new MemoryStream();
        store.Save(output, password?.ToCharArray(), new SecureRandom());
        return output.ToArray();
    }

    public static byte[] PrivateKeyInfo(IssuedCertificate owner) =>
        PrivateKeyInfoFactory.CreatePrivateKeyInfo(owner.Keys.Private).GetEncoded();

    /// <summary>A multipart/signed message as MimeKit writes it; the chain's first certificate signs.</summary>
    public static byte[] SignedMessage(IssuedCertificate signer, X509Certificate[] chain,
        SubjectIdentifierType signerId = SubjectIdentifierType.IssuerAndSerialNumber)
    {
        using var context = new TemporarySecureMimeContext();
        return Message(MultipartSigned.Create(context, new CmsSigner(chain, signer.Keys.Private, signerId), Body()));
    }

    /// <summary>An application/pkcs7-mime; smime-type=signed-data message (opaque signature).</summary>
    public static byte[] OpaqueSignedMessage(IssuedCertificate signer, X509Certificate[] chain, Action<ContentType>? retype = null)
    {
        using var context = new TemporarySecureMimeContext();
        var part = ApplicationPkcs7Mime.Sign(context, new CmsSigner(chain, signer.Keys.Private), Body());
        retype?.Invoke(part.ContentType);
        return Message(part);
    }

    public static byte[] EncryptedMessage(X509Certificate recipient)
    {
        using var context = new TemporarySecureMimeContext();
        return Message(ApplicationPkcs7Mime.Encrypt(context, new CmsRecipientCollection { new CmsRecipient(recipient) }, Body()));
    }

    /// <summary>A multipart/signed message from the signer's own address, as a partner's mail client sends it.</summary>
    public static byte[] SignedMessageFrom(IssuedCertificate signer, X509Certificate[] chain, string name, string address, string subject)
    {
        using var context = new TemporarySecureMimeContext();
        return Message(MultipartSigned.Create(context, new CmsSigner(chain, signer.Keys.Private), Body()), name, address, subject);
    }

    public static byte[] Message(MimeEntity body, string fromName = "Alice Martin", string fromAddress = "alice@example.org",
        string subject = "Certificate")
    {
        var message = new MimeMessage { Subject = subject, Body = body };
        message.From.Add(new MailboxAddress(fromName, fromAddress));
        message.To.Add(new MailboxAddress("Bob", "bob@example.org"));
        using var output = new MemoryStream();
        message.WriteTo(output);
        return output.ToArray();
    }

    public static MimeEntity Body() => new TextPart("plain") { Text = "Here is my certificate." };

    private static SignerInfoGenerator SignerInfo(IssuedCertificate signer, SignerId signerId)
    {
        var factory = new Asn1SignatureFactory("SHA256WITHRSA", signer.Keys.Private);
        var builder = new SignerInfoGeneratorBuilder();
        return signerId == SignerId.IssuerAndSerial
            ? builder.Build(factory, signer.Certificate)
            : builder.Build(factory, SubjectKeyIdentifier(signer));
    }

    private static byte[] SubjectKeyIdentifier(IssuedCertificate certificate) =>
        X509ExtensionUtilities.CreateSubjectKeyIdentifier(certificate.Certificate.GetPublicKey()).GetKeyIdentifier();
}
