using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.Options;
using SmimeAddin.Audit;
using SmimeAddin.Data;

namespace SmimeAddin.ContactRequests.Provisioning;

/// <summary>Which worker provisions which request, kept in the request's own row so that it holds across processes
/// sharing one database. A claim is one conditional UPDATE: of two workers racing for a request, the database lets
/// exactly one change the row. Every later state change of a claimed request is conditional on still holding the
/// claim, and commits together with its audit event.</summary>
internal sealed class ProvisioningClaims(IDbContextFactory<AppDbContext> contexts, TimeProvider time, IOptions<ProvisioningOptions> options,
    ILogger<ProvisioningClaims> log)
{
    private const int CandidatesPerClaim = 8;

    private string Worker => options.Value.WorkerId;

    /// <summary>Approved and due, or left Provisioning by a worker whose lease ran out (it died or lost the database).</summary>
    public static Expression<Func<ContactRequest, bool>> Claimable(DateTimeOffset now) => r =>
        (r.Status == ContactRequestStatus.Approved && (r.NextAttemptAt == null || r.NextAttemptAt <= now))
        || (r.Status == ContactRequestStatus.Provisioning && r.ClaimExpiresAt < now);

    /// <summary>Claims the oldest claimable request for this worker; null when there is none left to take.</summary>
    public async Task<ContactRequest?> ClaimNextAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var candidates = await db.ContactRequests.AsNoTracking().Where(Claimable(now)).OrderBy(r => r.RequestedAt)
            .Select(r => new { r.Id, r.Status, r.ClaimedBy }).Take(CandidatesPerClaim).ToListAsync(ct);
        foreach (var candidate in candidates)
        {
            var takenOver = candidate.Status == ContactRequestStatus.Provisioning;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // A takeover counts as an attempt: a request that stops its worker every time must end Failed, not loop.
            var attempt = takenOver ? 1 : 0;
            var claimed = await db.ContactRequests.Where(r => r.Id == candidate.Id).Where(Claimable(now)).ExecuteUpdateAsync(set => set
                .SetProperty(r => r.Status, ContactRequestStatus.Provisioning)
                .SetProperty(r => r.ClaimedBy, Worker)
                .SetProperty(r => r.ClaimExpiresAt, now + options.Value.Lease)
                .SetProperty(r => r.Attempts, r => r.Attempts + attempt), ct);
            if (claimed == 0)
                continue; // another worker was quicker
            db.Record(now, AuditLog.System, "ProvisioningStarted", AuditLog.Outcomes.Succeeded, candidate.Id,
                takenOver ? $"Worker {Worker} took over from {candidate.ClaimedBy}, whose claim had expired." : $"Claimed by worker {Worker}.");
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            var request = await db.ContactRequests.AsNoTracking().SingleAsync(r => r.Id == candidate.Id, ct);
            if (takenOver && request.Attempts >= options.Value.MaxAttempts)
            {
                await FailAsync(request.Id, $"Provisioning was interrupted {request.Attempts} times (its worker stopped or died); " +
                    "the server log says why.", ct);
                continue;
            }
            return request;
        }
        return null;
    }

    /// <summary>Extends the lease; false when the claim is no longer this worker's.</summary>
    public async Task<bool> RenewAsync(Guid id, CancellationToken ct)
    {
        var until = time.GetUtcNow() + options.Value.Lease;
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await Held(db, id).ExecuteUpdateAsync(set => set.SetProperty(r => r.ClaimExpiresAt, until), ct) == 1;
    }

    /// <summary>Records a step done in the directory and renews the lease. The event is recorded even when the claim
    /// was lost meanwhile, because the step did happen; the answer says whether to go on.</summary>
    public Task<bool> StepDoneAsync(Guid id, string action, string outcome, string details, CancellationToken ct)
    {
        var until = time.GetUtcNow() + options.Value.Lease;
        return ChangeAsync(id, set => set.SetProperty(r => r.ClaimExpiresAt, until), action, outcome, details, auditIfLost: true, ct);
    }

    public Task<bool> CompleteAsync(Guid id, string details, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return ChangeAsync(id, set => Release(set, ContactRequestStatus.Provisioned)
                .SetProperty(r => r.ProvisionedAt, now).SetProperty(r => r.NextAttemptAt, (DateTimeOffset?)null),
            "RequestProvisioned", AuditLog.Outcomes.Succeeded, details, auditIfLost: false, ct);
    }

    public Task<bool> FailAsync(Guid id, string error, CancellationToken ct) =>
        ChangeAsync(id, set => Release(set, ContactRequestStatus.Failed)
                .SetProperty(r => r.LastError, Truncated(error)).SetProperty(r => r.NextAttemptAt, (DateTimeOffset?)null),
            "ProvisioningFailed", AuditLog.Outcomes.Failed, error, auditIfLost: false, ct);

    /// <summary>A transient failure: back to Approved, due again after the back-off; Failed once the attempts are spent.</summary>
    public Task<bool> RetryLaterAsync(ContactRequest request, string error, TimeSpan? retryAfter, CancellationToken ct)
    {
        var attempts = request.Attempts + 1;
        if (attempts >= options.Value.MaxAttempts)
            return ChangeAsync(request.Id, set => Release(set, ContactRequestStatus.Failed)
                    .SetProperty(r => r.Attempts, attempts).SetProperty(r => r.LastError, Truncated(error))
                    .SetProperty(r => r.NextAttemptAt, (DateTimeOffset?)null),
                "ProvisioningFailed", AuditLog.Outcomes.Failed, $"Gave up after {attempts} attempts. {error}", auditIfLost: false, ct);
        var due = time.GetUtcNow() + options.Value.BackoffAfter(attempts, retryAfter);
        return ChangeAsync(request.Id, set => Release(set, ContactRequestStatus.Approved)
                .SetProperty(r => r.Attempts, attempts).SetProperty(r => r.LastError, Truncated(error)).SetProperty(r => r.NextAttemptAt, due),
            "ProvisioningRetryScheduled", AuditLog.Outcomes.Failed, $"Attempt {attempts} of {options.Value.MaxAttempts} failed; next at {due:O}. {error}",
            auditIfLost: false, ct);
    }

    private IQueryable<ContactRequest> Held(AppDbContext db, Guid id) =>
        db.ContactRequests.Where(r => r.Id == id && r.Status == ContactRequestStatus.Provisioning && r.ClaimedBy == Worker);

    private static UpdateSettersBuilder<ContactRequest> Release(UpdateSettersBuilder<ContactRequest> set, ContactRequestStatus status) => set
        .SetProperty(r => r.Status, status)
        .SetProperty(r => r.ClaimedBy, (string?)null)
        .SetProperty(r => r.ClaimExpiresAt, (DateTimeOffset?)null);

    private async Task<bool> ChangeAsync(Guid id, Action<UpdateSettersBuilder<ContactRequest>> set, string action, string outcome,
        string details, bool auditIfLost, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        // The UPDATE comes first in the transaction, so it takes the write lock at once (no read-then-upgrade).
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var held = await Held(db, id).ExecuteUpdateAsync(set, ct) == 1;
        if (!held)
            log.LogWarning("Request {RequestId}: worker {Worker} no longer holds the claim ({Action} not applied).", id, Worker, action);
        if (held || auditIfLost)
        {
            db.Record(time.GetUtcNow(), AuditLog.System, action, outcome, id, details);
            await db.SaveChangesAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return held;
    }

    private static string Truncated(string error) => error.Length > 2000 ? error[..2000] : error;
}
