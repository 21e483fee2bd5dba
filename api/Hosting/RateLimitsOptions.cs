using System.ComponentModel.DataAnnotations;

namespace SmimeAddin.Hosting;

/// <summary>Section <c>RateLimits</c>: requests per signed-in user (per address for anonymous callers) on the routes
/// that cost a directory look-up or a certificate parse. Each is a token bucket: <c>Burst</c> calls at once, then
/// <c>PerMinute</c> spread over the minute.</summary>
public sealed class RateLimitsOptions
{
    public const string Section = "RateLimits";

    /// <summary>The pane checks on every change of the recipients and every 15 s while open, in several windows at once.</summary>
    [Range(1, 1_000_000)]
    public int CheckPerMinute { get; set; } = 120;

    [Range(1, 1_000_000)]
    public int CheckBurst { get; set; } = 30;

    /// <summary>A person drops a file now and then, perhaps a few in a row.</summary>
    [Range(1, 1_000_000)]
    public int InspectPerMinute { get; set; } = 30;

    [Range(1, 1_000_000)]
    public int InspectBurst { get; set; } = 10;

    /// <summary>Each request reaches an approver's inbox: a handful a minute is plenty.</summary>
    [Range(1, 1_000_000)]
    public int RequestPerMinute { get; set; } = 10;

    [Range(1, 1_000_000)]
    public int RequestBurst { get; set; } = 5;
}
