using Org.BouncyCastle.X509;

namespace SmimeAddin.Trust;

/// <summary>What may go in the list Exchange Online validates S/MIME certificates against.</summary>
public static class TrustedIssuerRules
{
    /// <summary>Set-SmimeConfig fails when any certificate in the store has expired.</summary>
    public static bool IsExpired(X509Certificate certificate, DateTimeOffset now) => certificate.NotAfter < now.UtcDateTime;
}
