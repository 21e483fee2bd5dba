using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmimeAddin.Data;
using SmimeAddin.Notifications;

namespace SmimeAddin.ContactRequests.Provisioning;

/// <summary>The background worker: every poll interval, or sooner when someone calls <see cref="ProvisioningSignal.Wake"/>,
/// claims and provisions requests until none is claimable. One request's failure never stops it; stopping the host
/// cancels the directory call in flight and leaves that request's claim to expire, exactly as a crash would.</summary>
internal sealed class ProvisioningWorker(ProvisioningClaims claims, ContactProvisioner provisioner, ProvisioningSignal signal,
    NotificationSender notifications, IDbContextFactory<AppDbContext> contexts, TimeProvider time, IOptions<ProvisioningOptions> options,
    ILogger<ProvisioningWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                // Waiting first leaves the database alone while the app starts (it may be migrated by hand, with
                // Database:MigrateOnStart off); work left by a previous run is picked up one interval later.
                await signal.WaitAsync(options.Value.PollInterval, time, stopping);
                await RunPassAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database is unreachable, say: whatever was claimed stays claimed until its lease runs out.
                log.LogError(e, "Provisioning pass failed; trying again after the poll interval.");
            }
        }
    }

    /// <summary>One pass: every request claimable now, one after the other. Returns how many were handled.</summary>
    public async Task<int> RunPassAsync(CancellationToken stopping)
    {
        var handled = 0;
        while (!stopping.IsCancellationRequested && await claims.ClaimNextAsync(stopping) is { } request)
        {
            await provisioner.ProvisionAsync(request, stopping);
            await NotifyOutcomeAsync(request.Id, stopping);
            handled++;
        }
        return handled;
    }

    /// <summary>The requester hears when their contact is published, or when it could not be.</summary>
    private async Task NotifyOutcomeAsync(Guid id, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var request = await db.ContactRequests.AsNoTracking().SingleAsync(r => r.Id == id, ct);
        if (request.Status is ContactRequestStatus.Provisioned or ContactRequestStatus.Failed)
            await notifications.NotifyAsync(request.Status == ContactRequestStatus.Provisioned
                ? NotificationKind.RequestProvisioned : NotificationKind.RequestFailed, request, ct);
    }
}
