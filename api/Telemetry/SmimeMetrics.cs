using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SmimeAddin.Telemetry;

/// <summary>The app's own instruments, on one meter named <see cref="MeterName"/>: what the readiness checks answered,
/// how often the recipient cache spared the directory, how the directory answered and how fast, and how provisioning
/// ends. Durations are in seconds, as OpenTelemetry's conventions have them.</summary>
public sealed class SmimeMetrics
{
    public const string MeterName = "SmimeAddin";

    private readonly TimeProvider time;
    private readonly Counter<long> recipientsChecked;
    private readonly Counter<long> cacheHits;
    private readonly Counter<long> cacheMisses;
    private readonly Counter<long> directoryCalls;
    private readonly Histogram<double> directoryDuration;
    private readonly Counter<long> provisioningOutcomes;
    private readonly Histogram<double> provisioningDuration;

    public SmimeMetrics(IMeterFactory meters, TimeProvider time)
    {
        this.time = time;
        var meter = meters.Create(MeterName);
        recipientsChecked = meter.CreateCounter<long>("smimeaddin.recipients.checked", "{recipient}", "Recipients answered by readiness checks, by status.");
        cacheHits = meter.CreateCounter<long>("smimeaddin.recipient_cache.hits", "{address}", "Addresses answered from the recipient cache.");
        cacheMisses = meter.CreateCounter<long>("smimeaddin.recipient_cache.misses", "{address}", "Addresses looked up in the directory.");
        directoryCalls = meter.CreateCounter<long>("smimeaddin.directory.calls", "{call}", "Directory calls, by operation and outcome.");
        directoryDuration = meter.CreateHistogram<double>("smimeaddin.directory.duration", "s", "Directory calls' duration, by operation and outcome.");
        provisioningOutcomes = meter.CreateCounter<long>("smimeaddin.provisioning.outcomes", "{request}", "Provisioning runs, by outcome.");
        provisioningDuration = meter.CreateHistogram<double>("smimeaddin.provisioning.duration", "s", "Provisioning runs' duration, by outcome.");
    }

    public void RecipientChecked(string status) => recipientsChecked.Add(1, new KeyValuePair<string, object?>("status", status));

    public void RecipientCacheHits(int count) => cacheHits.Add(count);

    public void RecipientCacheMisses(int count) => cacheMisses.Add(count);

    /// <summary>A start time for <see cref="Provisioned"/> and <see cref="DirectoryCalled"/>.</summary>
    public long Timestamp() => time.GetTimestamp();

    /// <param name="outcome">success, a directory failure's name, cancelled or error.</param>
    public void DirectoryCalled(string operation, string outcome, long started)
    {
        var tags = new TagList { { "operation", operation }, { "outcome", outcome } };
        directoryCalls.Add(1, tags);
        directoryDuration.Record(time.GetElapsedTime(started).TotalSeconds, tags);
    }

    /// <param name="outcome">provisioned, failed, retry, claimLost or stopped.</param>
    public void Provisioned(string outcome, long started)
    {
        var tag = new KeyValuePair<string, object?>("outcome", outcome);
        provisioningOutcomes.Add(1, tag);
        provisioningDuration.Record(time.GetElapsedTime(started).TotalSeconds, tag);
    }
}
