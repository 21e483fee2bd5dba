using System.ComponentModel.DataAnnotations;

namespace SmimeAddin.Certificates;

/// <summary>Section <c>Certificates</c>.</summary>
public sealed class CertificatesOptions
{
    public const string Section = "Certificates";

    /// <summary>Largest certificate file accepted; a signed .eml with a chain is well under 1 MiB.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxFileBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>A certificate expiring within this many days gets the <c>ExpiresSoon</c> warning.</summary>
    [Range(0, 365)]
    public int ExpiresSoonDays { get; set; } = 30;
}
