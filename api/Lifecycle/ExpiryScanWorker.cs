using Microsoft.Extensions.Options;

namespace SmimeAddin.Lifecycle;

/// <summary>Runs the expiry scan every <see cref="LifecycleOptions.ScanInterval"/>, counted from the last scan any
/// instance made (the database says when), so several instances scan once per interval between them, not once each.</summary>
internal sealed class ExpiryScanWorker(ExpiryScan scan, TimeProvider time, IOptions<LifecycleOptions> options, ILogger<ExpiryScanWorker> log)
    : BackgroundService
{
    /// <summary>How soon an instance looks again when another one held the scan.</summary>
    private static readonly TimeSpan Recheck = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
            return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(await WaitAsync(stoppingToken), time, stoppingToken);
                if (await scan.TryRunAsync(stoppingToken) is null)
                    await Task.Delay(Recheck, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A database hiccup must not end the watch: logged, and tried again after a while.
            catch (Exception e)
#pragma warning restore CA1031
            {
                log.LogError(e, "Expiry scan failed ({Failure}); trying again in {Minutes} minutes.", e.GetType().Name, Recheck.TotalMinutes);
                await Task.Delay(Recheck, time, stoppingToken);
            }
        }
    }

    private async Task<TimeSpan> WaitAsync(CancellationToken ct)
    {
        var due = await scan.LastScanAsync(ct) is { } last ? last + options.Value.ScanInterval : time.GetUtcNow() + options.Value.FirstScanDelay;
        var wait = due - time.GetUtcNow();
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }
}
