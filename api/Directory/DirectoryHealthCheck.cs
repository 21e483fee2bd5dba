using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SmimeAddin.Directory;

/// <summary>Reads the trusted-issuer store: the cheapest call every adapter makes, and one that needs a live connection.
/// Throttling is Degraded (the directory is there, and answers again after Retry-After); anything else is Unhealthy.</summary>
internal sealed class DirectoryHealthCheck(IDirectory directory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
    {
        try
        {
            await directory.GetIssuingCaStoreAsync(ct);
            return HealthCheckResult.Healthy();
        }
        catch (DirectoryException e)
        {
            // The failure's kind only: the directory's own message is for the log (written by the caller of each failure).
            return e.Failure == DirectoryFailure.Throttled
                ? HealthCheckResult.Degraded(nameof(DirectoryFailure.Throttled))
                : new HealthCheckResult(context.Registration.FailureStatus, e.Failure.ToString());
        }
    }
}
