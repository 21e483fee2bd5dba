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

    /// <summary>Certificates read from one file by inspect and the trusted-issuer uploads: a Windows root store holds
    /// about 500. Over it, 422 <c>TooManyCertificates</c>.</summary>
    [Range(1, 10_000)]
    public int MaxCertificatesPerFile { get; set; } = 1000;

    /// <summary>Certificates read from a contact request's file: a person's certificate and its chain.</summary>
    [Range(1, 10_000)]
    public int MaxCertificatesPerRequest { get; set; } = 100;

    /// <summary>Seconds an upload may spend being read and judged; past it the request is 503 <c>DeadlineExceeded</c>
    /// with Retry-After. The budgets keep honest files far below it: this is the backstop.</summary>
    [Range(1, 300)]
    public int DeadlineSeconds { get; set; } = 10;
}
