namespace SmimeAddin.Directory.Embedded;

/// <summary>A recipient of the embedded directory. Names compare case-insensitively, as Exchange's do, through
/// <see cref="NormalizedName"/> and its unique index.</summary>
public sealed class EmbeddedRecipient
{
    public const int MaxNameLength = 64;
    public const int MaxDisplayNameLength = 256;

    public int Id { get; set; }
    public RecipientKind Kind { get; set; }
    public required string Name { get; set; }
    public required string NormalizedName { get; set; }
    public required string DisplayName { get; set; }
    /// <summary>A mail contact's ExternalEmailAddress; null for other kinds.</summary>
    public string? ExternalEmailAddress { get; set; }
    /// <summary>Bumped by every certificate replacement; updating it first also serialises concurrent replacements.</summary>
    public int CertificatesVersion { get; set; }
    public List<EmbeddedAddress> Addresses { get; set; } = [];
    public List<EmbeddedCertificate> Certificates { get; set; } = [];

    public static string Normalize(string nameOrAddress) => nameOrAddress.Trim().ToLowerInvariant();
}

/// <summary>An SMTP address of a recipient, as given and lower-cased; an address belongs to one recipient only.</summary>
public sealed class EmbeddedAddress
{
    public const int MaxLength = 320;

    public int Id { get; set; }
    public int RecipientId { get; set; }
    public required string Address { get; set; }
    public required string NormalizedAddress { get; set; }
    public bool IsPrimary { get; set; }
}

public enum CertificateAttribute
{
    UserCertificate,
    UserSMimeCertificate,
}

/// <summary>One value of a recipient's UserCertificate (DER certificate) or UserSMimeCertificate (PKCS#7) attribute.</summary>
public sealed class EmbeddedCertificate
{
    public int Id { get; set; }
    public int RecipientId { get; set; }
    public CertificateAttribute Attribute { get; set; }
    public int Order { get; set; }
    public required byte[] Value { get; set; }
}

/// <summary>The organisation's SMIMECertificateIssuingCA: one row, the .sst bytes exactly as set.</summary>
public sealed class EmbeddedIssuingCaStore
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public required byte[] Store { get; set; }
}
