using System.ComponentModel.DataAnnotations;

namespace SmimeAddin.ContactRequests.Provisioning;

/// <summary>Section <c>Provisioning</c>: how the background worker claims approved requests and retries them.</summary>
public sealed class ProvisioningOptions : IValidatableObject
{
    public const string Section = "Provisioning";

    /// <summary>How often the worker looks for claimable requests when nobody wakes it (an approval does).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a claim holds without renewal. The worker renews it every third of this while it works;
    /// when its process dies, another instance takes the request over once the lease has run out (DESIGN.md: 30 s).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Tries before a request that keeps failing transiently (throttled, directory down) ends Failed.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 6;

    /// <summary>Wait after the first transient failure; doubled after each further one, up to <see cref="MaxBackoff"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromSeconds(10);

    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Who holds a claim, as written in ContactRequests.ClaimedBy. Unique per process by default, so that
    /// a restarted process never mistakes its predecessor's claim for its own.</summary>
    [Required, StringLength(200, MinimumLength = 1)]
    public string WorkerId { get; set; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (MaxBackoff < BackoffBase)
            yield return new("MaxBackoff is at least BackoffBase.", [nameof(MaxBackoff)]);
    }

    /// <summary>The wait after the <paramref name="attempts"/>-th failed try (1 for the first), or longer when the
    /// directory asked for longer.</summary>
    public TimeSpan BackoffAfter(int attempts, TimeSpan? retryAfter)
    {
        // 2^20 times even the smallest base is past any sensible cap, and times the largest (1 h) still fits a long.
        var doublings = Math.Clamp(attempts - 1, 0, 20);
        var delay = TimeSpan.FromTicks(Math.Min(BackoffBase.Ticks << doublings, MaxBackoff.Ticks));
        return retryAfter is { } asked && asked > delay ? asked : delay;
    }
}
