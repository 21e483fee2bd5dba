using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SmimeAddin.Audit;
using SmimeAddin.Auth;
using SmimeAddin.ContactRequests.Provisioning;
using SmimeAddin.Data;
using SmimeAddin.Directory;
using SmimeAddin.Http;
using SmimeAddin.Notifications;
using SmimeAddin.Resources;

namespace SmimeAddin.ContactRequests;

/// <param name="Reason">Shown to the requester.</param>
public sealed record RejectRequest(string? Reason);

/// <summary>Approve and reject. A request is decided once: the decision is a conditional update from Pending, so a
/// second decision, even one arriving at the same moment, finds nothing to update and is a 409.</summary>
internal static class ContactRequestDecisions
{
    /// <summary>What every decision needs: who decides and from where, the database, the notifications, the language and the clock.</summary>
    public sealed record Decider(CurrentUser User, AppDbContext Db, NotificationSender Notifications, IStringLocalizer<Messages> Text,
        TimeProvider Time, HttpContext Http)
    {
        public string? Remote => Http.Connection.RemoteIpAddress?.ToString();
    }

    public static async Task<Results<Ok<ContactRequestView>, ProblemHttpResult>> ApproveAsync(Guid id, ApproveRequest body,
        [AsParameters] Decider decider, IDirectory directory, ProvisioningSignal provisioning, CancellationToken ct)
    {
        var (user, db, _, text, time, _) = decider;
        if (await RefusalAsync(id, decider, ct) is { } refused)
            return refused;
        var request = await db.ContactRequests.AsNoTracking().SingleAsync(r => r.Id == id, ct);
        var (plan, refusal) = await ApprovalPlan.MakeAsync(request, body, db, directory, text, ct);
        if (refusal is not null)
            return refusal;
        var now = time.GetUtcNow();
        var decided = await DecideAsync(id, decider, ct, query => query.ExecuteUpdateAsync(set => set
                .SetProperty(r => r.Status, ContactRequestStatus.Approved)
                .SetProperty(r => r.ContactName, plan!.ContactName)
                .SetProperty(r => r.TrustIssuer, plan.Trust.Count > 0)
                .SetProperty(r => r.TrustIssuerThumbprints, Thumbprints.Join(plan.Trust))
                .SetProperty(r => r.ExistingEntryIdentity, plan.ExistingEntryIdentity)
                .SetProperty(r => r.ReplaceThumbprints, Thumbprints.Join(plan.Replace))
                .SetProperty(r => r.DecidedBy, user.Address)
                .SetProperty(r => r.DecidedAt, now), ct),
            () => db.Record(now, user.Address, "RequestApproved", AuditLog.Outcomes.Succeeded, id, Describe(plan!), decider.Remote));
        provisioning.Wake(); // the Approved state is committed: the worker may start at once
        return decided;
    }

    public static async Task<Results<Ok<ContactRequestView>, ProblemHttpResult>> RejectAsync(Guid id, RejectRequest body,
        [AsParameters] Decider decider, CancellationToken ct)
    {
        var (user, db, _, text, time, _) = decider;
        var reason = body.Reason?.Trim() ?? "";
        if (reason.Length is 0 or > 1000)
            return Problems.Validation("reason", text, "Requests.ReasonRequired");
        if (await RefusalAsync(id, decider, ct) is { } refused)
            return refused;
        var now = time.GetUtcNow();
        return await DecideAsync(id, decider, ct, query => query.ExecuteUpdateAsync(set => set
                .SetProperty(r => r.Status, ContactRequestStatus.Rejected)
                .SetProperty(r => r.RejectionReason, reason)
                .SetProperty(r => r.DecidedBy, user.Address)
                .SetProperty(r => r.DecidedAt, now), ct),
            () => db.Record(now, user.Address, "RequestRejected", AuditLog.Outcomes.Succeeded, id, reason, decider.Remote));
    }

    /// <summary>What the approver let happen, for the audit: every CA trusted and certificate replaced, by thumbprint.</summary>
    private static string Describe(ApprovalPlan plan) =>
        (plan.Renewal ? "renewal: " : "") + $"contact {plan.ContactName}{(plan.ExistingEntryIdentity is null ? " (new)" : " (existing)")}" +
        (plan.Trust.Count > 0 ? $", trust {string.Join(", ", plan.Trust)}" : "") +
        (plan.Replace.Count > 0 ? $", replace {string.Join(", ", plan.Replace)}" : "");

    /// <summary>404 for an unknown id; 403 for the requester deciding their own request (four eyes).</summary>
    private static async Task<ProblemHttpResult?> RefusalAsync(Guid id, Decider decider, CancellationToken ct)
    {
        var (user, db, _, text, _, _) = decider;
        var requestedBy = await db.ContactRequests.Where(r => r.Id == id).Select(r => r.RequestedBy).SingleOrDefaultAsync(ct);
        if (requestedBy is null)
            return Problems.Of(StatusCodes.Status404NotFound, "UnknownRequest", text, "Requests.UnknownRequest");
        if (string.Equals(requestedBy, user.Address, StringComparison.OrdinalIgnoreCase))
            return Problems.Of(StatusCodes.Status403Forbidden, "OwnRequest", text, "Requests.OwnRequest");
        return null;
    }

    private static async Task<Results<Ok<ContactRequestView>, ProblemHttpResult>> DecideAsync(Guid id, Decider decider, CancellationToken ct,
        Func<IQueryable<ContactRequest>, Task<int>> update, Action audit)
    {
        var (_, db, notifications, text, _, _) = decider;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var updated = await update(db.ContactRequests.Where(r => r.Id == id && r.Status == ContactRequestStatus.Pending));
        if (updated == 0)
        {
            await transaction.RollbackAsync(ct);
            var status = await db.ContactRequests.Where(r => r.Id == id).Select(r => r.Status).SingleAsync(ct);
            return Problems.Of(StatusCodes.Status409Conflict, "AlreadyDecided", text, "Requests.AlreadyDecided", status.ToString());
        }
        audit();
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        var request = await db.ContactRequests.AsNoTracking().SingleAsync(r => r.Id == id, ct);
        await notifications.NotifyAsync(
            request.Status == ContactRequestStatus.Rejected ? NotificationKind.RequestRejected : NotificationKind.RequestApproved, request, ct);
        return TypedResults.Ok(ContactRequestView.From(request, []));
    }
}
