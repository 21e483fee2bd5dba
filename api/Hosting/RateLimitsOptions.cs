using System.ComponentModel.DataAnnotations;

namespace SmimeAddin.Hosting;

/// <summary>Section <c>RateLimits</c>: requests per signed-in user on the routes that cost a directory look-up or a
/// certificate parse, and per remote address for anyone not signed in, whatever the route. Each is a token bucket:
/// <c>Burst</c> calls at once, then <c>PerMinute</c> spread over the minute. Also the instance's limit of concurrent
/// certificate parses. (The directory look-up budgets, in the same section, are bound by <c>DirectoryBudgetOptions</c>.)</summary>
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

    /// <summary>Every request from a caller not signed in (no token, or one refused), per remote address: the local
    /// token route, the manifest and pane settings, failed sign-ins. Behind a proxy every such caller shares its address.</summary>
    [Range(1, 1_000_000)]
    public int AnonymousPerMinute { get; set; } = 600;

    [Range(1, 1_000_000)]
    public int AnonymousBurst { get; set; } = 200;

    /// <summary>Certificate uploads parsed at once on this instance (inspect, contact requests, trusted-issuer writes):
    /// all cores but one, so a burst cannot take the whole machine.</summary>
    [Range(1, 10_000)]
    public int ParseConcurrency { get; set; } = Math.Max(1, Environment.ProcessorCount - 1);

    /// <summary>Uploads that wait for a parse to finish; past them, 429 with Retry-After.</summary>
    [Range(0, 10_000)]
    public int ParseQueue { get; set; } = 16;
}
