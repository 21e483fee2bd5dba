using Microsoft.Extensions.Diagnostics.HealthChecks;
using SmimeAddin.Directory;
using SmimeAddin.Directory.ExchangeOnline;

namespace SmimeAddin.Trust;

/// <summary>Reads the trusted-issuer list: the cheapest call every adapter makes, and one that needs a live connection.
/// Throttling is Degraded; a missing Exchange role or consent (Forbidden) names the cmdlet and the role (the directory is there, and answers again after Retry-After); anything else is Unhealthy.
/// /health/ready is anonymous and probed often, so an answer is reused for <see cref="Reuse"/> and the read goes
/// through the trusted-issuer cache the readiness checks share: a thousand probes a minute make at most two reads.</summary>
internal sealed class DirectoryHealthCheck(TrustedIssuerStore issuers, IDirectory directory, TimeProvider time) : IHealthCheck
{
    internal static readonly TimeSpan Reuse = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim asking = new(1, 1);
    private (HealthCheckResult Result, DateTimeOffset At)? last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
    {
        if (Recent() is { } result)
            return result;
        // Probes that arrive while a read is under way wait for its answer rather than start their own.
        await asking.WaitAsync(ct);
        try
        {
            if (Recent() is { } again)
                return again;
            var fresh = await AskAsync(context, ct); // a timeout or an aborted probe is not remembered
            last = (fresh, time.GetUtcNow());
            return fresh;
        }
        finally
        {
            asking.Release();
        }
    }

    private HealthCheckResult? Recent() => last is { } entry && time.GetUtcNow() - entry.At < Reuse ? entry.Result : null;

    private async Task<HealthCheckResult> AskAsync(HealthCheckContext context, CancellationToken ct)
    {
        try
        {
            await issuers.GetAsync(ct);
            // A cmdlet refused lately (a role the app lacks) leaves the app up but unable to do part of its work.
            return directory is ExchangeOnlineDirectory { Refused: { Count: > 0 } refused }
                ? HealthCheckResult.Degraded($"{DirectoryFailure.Forbidden}: {string.Join(" ", refused.Select(r => r.Message))}")
                : HealthCheckResult.Healthy();
        }
        catch (DirectoryException e)
        {
            // The failure's kind only: the directory's own message is for the log (written by the caller of each failure).
            // A missing permission is said plainly, in the app's own words: it stays until an administrator acts.
            return e.Failure == DirectoryFailure.Throttled
                ? HealthCheckResult.Degraded(nameof(DirectoryFailure.Throttled))
                : MissingPermissionException.Of(e) is { } missing
                    ? new HealthCheckResult(context.Registration.FailureStatus, $"{e.Failure}: {missing.Message}")
                    : new HealthCheckResult(context.Registration.FailureStatus, e.Failure.ToString());
        }
    }
}
