using MimeKit;

namespace SmimeAddin.Certificates;

/// <summary>An S/MIME message (.eml): the CMS of its first pkcs7-signature or pkcs7-mime part, in document order and
/// looking into nested and attached messages. MimeKit takes the MIME apart; the CMS is read like a .p7s.</summary>
internal static class SignedMessageCertificates
{
    private static readonly string[] CmsSubtypes = ["pkcs7-signature", "x-pkcs7-signature", "pkcs7-mime", "x-pkcs7-mime"];

    /// <summary>The message, or null when the bytes do not even parse as message headers.</summary>
    public static MimeMessage? Load(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            using var stream = new MemoryStream(bytes.ToArray(), writable: false);
            return MimeMessage.Load(stream);
        }
        catch (Exception e) when (ParseFailure.Is(e))
        {
            return null;
        }
    }

    /// <summary>Some text parses as headers ("Certificate:" from openssl's dump); a mail message names its sender
    /// or its MIME structure.</summary>
    public static bool IsMailMessage(MimeMessage message) =>
        message.Headers.Contains(HeaderId.From) || message.Headers.Contains(HeaderId.MimeVersion)
        || message.Headers.Contains(HeaderId.ContentType);

    public static MimePart? FindCmsPart(MimeMessage message) =>
        Entities(message.Body).OfType<MimePart>().FirstOrDefault(part =>
            part.ContentType.MediaType.Equals("application", StringComparison.OrdinalIgnoreCase)
            && CmsSubtypes.Contains(part.ContentType.MediaSubtype, StringComparer.OrdinalIgnoreCase));

    /// <summary>The CMS decides, not the smime-type parameter, which senders leave out or get wrong.</summary>
    public static CertificateReadResult Read(MimePart cmsPart, ReadLimits limits)
    {
        using var decoded = new MemoryStream();
        cmsPart.Content?.DecodeTo(decoded);
        var result = CmsCertificates.Read(decoded.ToArray(), limits);
        return result.File is { Format: CertificateFileFormat.CmsSignedData } file
            ? result with { File = file with { Format = CertificateFileFormat.SignedMessage } }
            : result;
    }

    /// <summary>Every entity in document order. Iterative: MimeKit bounds the nesting depth, but we need not rely on it.</summary>
    private static IEnumerable<MimeEntity> Entities(MimeEntity? root)
    {
        var pending = new Stack<MimeEntity>();
        if (root is not null)
            pending.Push(root);
        while (pending.TryPop(out var entity))
        {
            yield return entity;
            var children = entity switch
            {
                Multipart multipart => multipart.AsEnumerable(),
                MessagePart { Message.Body: { } body } => [body],
                _ => [],
            };
            foreach (var child in children.Reverse())
                pending.Push(child);
        }
    }
}
