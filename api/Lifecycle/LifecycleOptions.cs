using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace SmimeAddin.Lifecycle;

/// <summary>Section <c>Lifecycle</c>: the expiry watch over published certificates.</summary>
public sealed class LifecycleOptions
{
    public const string Section = "Lifecycle";

    /// <summary>Off, no scan runs by itself (an approver can still ask for one).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the directory is read. Each scan reads every mail contact (and mailbox) in a few large calls.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How long after start the first scan waits when none was ever made: the app's start is busy enough.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan FirstScanDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Also watch the certificates on mailboxes (internal people), not only on mail contacts.</summary>
    public bool IncludeMailboxes { get; set; }

    /// <summary>Days before expiry at which the requester and the approvers are told, once each per certificate; empty,
    /// <see cref="DefaultWarnDays"/>. (Not defaulted here: configuration binding adds to an array's items, so a default
    /// of [30, 7] plus a configured [14] would be [30, 7, 14].)</summary>
    public int[] WarnDays { get; set; } = [];

    public static readonly IReadOnlyList<int> DefaultWarnDays = [30, 7];

    /// <summary>The thresholds in force: <see cref="WarnDays"/> when given, else the defaults.</summary>
    public IReadOnlyList<int> Thresholds => WarnDays.Length > 0 ? WarnDays : DefaultWarnDays;
}

internal sealed class LifecycleOptionsValidator : IValidateOptions<LifecycleOptions>
{
    public ValidateOptionsResult Validate(string? name, LifecycleOptions options) =>
        options.WarnDays.Any(d => d is < 1 or > 365) || options.WarnDays.Distinct().Count() != options.WarnDays.Length
            ? ValidateOptionsResult.Fail("Lifecycle:WarnDays lists one or more different numbers of days from 1 to 365, e.g. [30, 7].")
            : ValidateOptionsResult.Success;
}
