using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace SmimeAddin.Certificates;

/// <summary>One element of a serialized store: {u32 id, u32 encoding type, u32 length, value}.</summary>
public sealed record SstElement(uint Id, uint EncodingType, byte[] Value);

/// <summary>A certificate, CRL or CTL (<paramref name="Body"/>) with the property elements that precede it, in file order.</summary>
public sealed record SstEntry(IReadOnlyList<SstElement> Properties, SstElement Body)
{
    public bool IsCertificate => Body.Id == SerializedStore.CertificateId;

    /// <summary>Property 11, UTF-16LE up to its NUL; null when the entry has none.</summary>
    public string? FriendlyName => Properties.FirstOrDefault(p => p.Id == SerializedStore.FriendlyNameId) is { } name
        ? Encoding.Unicode.GetString(name.Value).Split('\0')[0]
        : null;
}

public enum SstReadError
{
    /// <summary>The bytes do not start with version 0 and "CERT".</summary>
    WrongHeader,
    /// <summary>The bytes end inside the header, an element header or an element value.</summary>
    Truncated,
    /// <summary>Bytes follow the end element.</summary>
    TrailingBytes,
    /// <summary>The bytes end between elements without the end element.</summary>
    MissingEnd,
    /// <summary>Property elements are not followed by a certificate, CRL or CTL before the end element.</summary>
    DanglingProperties,
}

public sealed record SerializedStoreReadResult(SerializedStore? Store, SstReadError? Error)
{
    public static SerializedStoreReadResult Read(SerializedStore store) => new(store, null);
    public static SerializedStoreReadResult Refused(SstReadError error) => new(null, error);
}

/// <summary>Microsoft's serialized certificate store (.sst), the format of Set-SmimeConfig -SMIMECertificateIssuingCA.
/// Layout from [MS-OSHARED] 2.3.9.1: an 8-byte header, then elements, then a 12-byte all-zero end element.
/// On Linux .NET cannot write X509ContentType.SerializedStore, so we read and write the bytes ourselves.</summary>
public sealed class SerializedStore
{
    public const uint HashPropertyId = 3;
    public const uint FriendlyNameId = 11;
    public const uint CertificateId = 32;
    public const uint CrlId = 33;
    public const uint CtlId = 34;
    /// <summary>X509_ASN_ENCODING, what Windows writes on every element.</summary>
    public const uint X509Encoding = 1;

    private const int ElementHeaderSize = 12;
    private static ReadOnlySpan<byte> Header => [0, 0, 0, 0, (byte)'C', (byte)'E', (byte)'R', (byte)'T'];

    public IReadOnlyList<SstEntry> Entries { get; }

    /// <summary>The DER of each certificate entry, in file order; CRLs and CTLs are left out.</summary>
    public IEnumerable<byte[]> CertificateDers => Entries.Where(e => e.IsCertificate).Select(e => e.Body.Value);

    /// <exception cref="ArgumentException">An entry could not be written so that it reads back the same:
    /// its body is not a certificate, CRL or CTL, or a property would read as a body or as the end element.</exception>
    public SerializedStore(IEnumerable<SstEntry> entries)
    {
        Entries = [.. entries];
        foreach (var entry in Entries)
        {
            if (!IsBody(entry.Body.Id))
                throw new ArgumentException($"Element {entry.Body.Id} is not a certificate, CRL or CTL.", nameof(entries));
            if (entry.Properties.Any(p => IsBody(p.Id) || IsEnd(p.Id, p.EncodingType, (uint)p.Value.Length)))
                throw new ArgumentException("A property element would read as a body or as the end element.", nameof(entries));
        }
    }

    public static bool HasHeader(ReadOnlySpan<byte> bytes) => bytes.StartsWith(Header);

    public static SerializedStoreReadResult Read(ReadOnlySpan<byte> bytes)
    {
        // A prefix of the header (the empty file included) is Truncated, anything else WrongHeader: every
        // proper prefix of a valid store is then Truncated or MissingEnd. Wine reads an empty file as an
        // empty store, but an empty upload is refused before it gets here, and Windows never writes one.
        if (!Header[..Math.Min(bytes.Length, Header.Length)].SequenceEqual(bytes[..Math.Min(bytes.Length, Header.Length)]))
            return SerializedStoreReadResult.Refused(SstReadError.WrongHeader);
        if (bytes.Length < Header.Length)
            return SerializedStoreReadResult.Refused(SstReadError.Truncated);

        var entries = new List<SstEntry>();
        var properties = new List<SstElement>();
        var rest = bytes[Header.Length..];
        while (true)
        {
            if (rest.IsEmpty)
                return SerializedStoreReadResult.Refused(SstReadError.MissingEnd);
            if (rest.Length < ElementHeaderSize)
                return SerializedStoreReadResult.Refused(SstReadError.Truncated);
            var id = BinaryPrimitives.ReadUInt32LittleEndian(rest);
            var encoding = BinaryPrimitives.ReadUInt32LittleEndian(rest[4..]);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(rest[8..]);
            rest = rest[ElementHeaderSize..];
            if (IsEnd(id, encoding, length))
                break;
            // Compared as unsigned before any allocation: a length of 0xFFFFFFFF is just a short file.
            if (length > (uint)rest.Length)
                return SerializedStoreReadResult.Refused(SstReadError.Truncated);
            var element = new SstElement(id, encoding, rest[..(int)length].ToArray());
            rest = rest[(int)length..];
            // [MS-OSHARED]: properties come before the element they describe. Wine's reader attaches them
            // to the previous certificate instead; Windows and every writer follow the spec.
            if (IsBody(id))
            {
                entries.Add(new SstEntry([.. properties], element));
                properties.Clear();
            }
            else
            {
                properties.Add(element);
            }
        }

        if (!rest.IsEmpty)
            return SerializedStoreReadResult.Refused(SstReadError.TrailingBytes);
        if (properties.Count > 0)
            return SerializedStoreReadResult.Refused(SstReadError.DanglingProperties);
        return SerializedStoreReadResult.Read(new SerializedStore(entries));
    }

    /// <summary>The store as bytes; for a store that was read, exactly the bytes it was read from.</summary>
    public byte[] Write()
    {
        var elements = Entries.SelectMany(e => e.Properties.Append(e.Body)).ToList();
        var bytes = new byte[Header.Length + elements.Sum(e => ElementHeaderSize + e.Value.Length) + ElementHeaderSize];
        Header.CopyTo(bytes);
        var rest = bytes.AsSpan(Header.Length);
        foreach (var element in elements)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(rest, element.Id);
            BinaryPrimitives.WriteUInt32LittleEndian(rest[4..], element.EncodingType);
            BinaryPrimitives.WriteUInt32LittleEndian(rest[8..], (uint)element.Value.Length);
            element.Value.CopyTo(rest[ElementHeaderSize..]);
            rest = rest[(ElementHeaderSize + element.Value.Length)..];
        }
        // The remaining 12 bytes are already zero: the end element.
        return bytes;
    }

    /// <summary>A store as Windows exports one (certutil, Export-Certificate -Type SST): per certificate its
    /// SHA-1 hash property, then the certificate.</summary>
    public static SerializedStore FromCertificates(IEnumerable<byte[]> ders) =>
        new(ders.Select(der => new SstEntry(
            [new SstElement(HashPropertyId, X509Encoding, SHA1.HashData(der))],
            new SstElement(CertificateId, X509Encoding, der))));

    private static bool IsBody(uint id) => id is CertificateId or CrlId or CtlId;

    // Only an all-zero element ends the store; id 0 with an encoding or a length is an (unknown) property.
    private static bool IsEnd(uint id, uint encoding, uint length) => id == 0 && encoding == 0 && length == 0;
}
