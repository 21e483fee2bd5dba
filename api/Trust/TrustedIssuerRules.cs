using Org.BouncyCastle.X509;

namespace SmimeAddin.Trust;

/// <summary>What may go in the list Exchange Online validates S/MIME certificates against.</summary>
public static class TrustedIssuerRules
{
    /// <summary>Set-SmimeConfig fails when any certificate in the store has expired.</summary>
    public static bool IsExpired(X509Certificate certificate, DateTimeOffset now) => certificate.NotAfter < now.UtcDateTime;

    /// <summary>Set-SmimeConfig refuses an .sst larger than this ("You can't import an SST file whose size is larger
    /// than 70000 bytes", EXCHANGE.md).</summary>
    public const int MaxStoreBytes = 70_000;
}

/// <summary>A change whose .sst would be <paramref name="Size"/> bytes, more than Exchange Online accepts: refused
/// before the directory is called, nothing written, nothing recorded as intended.</summary>
public sealed record StoreTooLarge(int Size)
{
    public int Limit => TrustedIssuerRules.MaxStoreBytes;
}
