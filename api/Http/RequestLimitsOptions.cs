using System.ComponentModel.DataAnnotations;

namespace SmimeAddin.Http;

/// <summary>Section <c>RequestLimits</c>: the largest request bodies read. Uploads have their own limit, from
/// <c>Certificates:MaxFileBytes</c>.</summary>
public sealed class RequestLimitsOptions
{
    public const string Section = "RequestLimits";

    /// <summary>Any request without a limit of its own (Kestrel's MaxRequestBodySize): no route but the uploads takes more.</summary>
    [Range(1024, 64L * 1024 * 1024)]
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>JSON bodies under /api: a check of 500 recipients with long names is under 100 KiB.</summary>
    [Range(1024, 64L * 1024 * 1024)]
    public long MaxJsonBodyBytes { get; set; } = 256 * 1024;
}
