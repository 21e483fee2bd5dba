using System.ComponentModel.DataAnnotations;

namespace SmimeAddin.Trust;

/// <summary>Section <c>TrustedIssuers</c>.</summary>
public sealed class TrustedIssuersOptions
{
    public const string Section = "TrustedIssuers";

    /// <summary>How long a read of the directory's list is reused. Changes made through this app apply at once;
    /// changes made elsewhere (PowerShell, another instance) within this time.</summary>
    [Range(0, 3600)]
    public int CacheSeconds { get; set; } = 10;
}
