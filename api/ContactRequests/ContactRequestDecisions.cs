using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SmimeAddin.Audit;
using SmimeAddin.Auth;
using SmimeAddin.ContactRequests.Provisioning;
using SmimeAddin.Data;
using SmimeAddin.Directory;
using SmimeAddin.Hosting;
using SmimeAddin.Notifications;
using SmimeAddin.Resources;

namespace SmimeAddin.ContactRequests;

/// <param name="TrustIssuer">Also add the certificate's CA chain to the trusted issuers, in the same step.</param>
/// <param name="ContactName">A name of the approver's choosing instead of the proposed one.</param>
public sealed record ApproveRequest(bool? TrustIssuer, string? ContactName);

/// <param name="Reason">Shown to the requester.</param>
public sealed record RejectRequest(string? Reason);

/// <summary>Approve and reject. A request is decided once: the decision is a conditional update from Pending, so a
/// second decision, even one arriving at the same moment, finds nothing to update and is a 409.</summary>
internal static class ContactRequestDecisions
{
    public static async Task<Results<Ok<ContactRequestView>, ProblemHttpResult>> ApproveAsync(Guid id, ApproveRequest body,
        CurrentUser user, AppDbContext db, IDirectory directory, NotificationSender notifications, ProvisioningSignal provisioning,
        IStringLocalizer<Messages> text, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        if (await RefusalAsync(id, user, db, text, ct) is { } refused)
            return refused;
        var request = await db.ContactRequests.AsNoTracking().SingleAsync(r => r.Id == id, ct);
        var name = body.ContactName?.Trim() is { Length: > 0 } chosen ? chosen : request.ContactName;
        if (!ContactNames.IsValid(name))
            return Problems.Validation("contactName", text, "Requests.InvalidContactName");
        if (!string.Equals(name, request.ContactName, StringComparison.OrdinalIgnoreCase)
            && await ContactRequestStates.IsNameTakenAsync(db, directory, name, request.EmailAddress, ct))
            return Problems.Of(StatusCodes.Status409Conflict, "ContactNameTaken", text, "Requests.ContactNameTaken", name);

        var now = time.GetUtcNow();
        var trust = body.TrustIssuer ?? false;
        var decided = await DecideAsync(id, db, notifications, text, ct, query => query.ExecuteUpdateAsync(set => set
                .SetProperty(r => r.Status, ContactRequestStatus.Approved)
                .SetProperty(r => r.ContactName, name)
                .SetProperty(r => r.TrustIssuer, trust)
                .SetProperty(r => r.DecidedBy, user.Address)
                .SetProperty(r => r.DecidedAt, now), ct),
            () => db.Record(now, user.Address, "RequestApproved", AuditLog.Outcomes.Succeeded, id,
                $"contact {name}{(trust ? ", trust the issuer chain" : "")}", http.Connection.RemoteIpAddress?.ToString()));
        provisioning.Wake(); // the Approved state is committed: the worker may start at once
        return decided;
    }

    public static async Task<Results<Ok<ContactRequestView>, ProblemHttpResult>> RejectAsync(Guid id, RejectRequest body,
        CurrentUser user, AppDbContext db, NotificationSender notifications, IStringLocalizer<Messages> text, TimeProvider time,
        HttpContext http, CancellationToken ct)
    {
        var reason = body.Reason?.Trim() ?? "";
        if (reason.Length is 0 or > 1000)
            return Problems.Validation("reason", text, "Requests.ReasonRequired");
        if (await RefusalAsync(id, user, db, text, ct) is { } refused)
            return refused;
        var now = time.GetUtcNow();
        return await DecideAsync(id, db, notifications, text, ct, query => query.ExecuteUpdateAsync(set => set
                .SetProperty(r => r.Status, ContactRequestStatus.Rejected)
                .SetProperty(r => r.RejectionReason, reason)
                .SetProperty(r => r.DecidedBy, user.Address)
                .SetProperty(r => r.DecidedAt, now), ct),
            () => db.Record(now, user.Address, "RequestRejected", AuditLog.Outcomes.Succeeded, id, reason,
                http.Connection.RemoteIpAddress?.ToString()));
    }

    /// <summary>404 for an unknown id; 403 for the requester deciding their own request (four eyes).</summary>
    private static async Task<ProblemHttpResult?> RefusalAsync(Guid id, CurrentUser user, AppDbContext db, IStringLocalizer<Messages> text, CancellationToken ct)
    {
        var requestedBy = await db.ContactRequests.Where(r => r.Id == id).Select(r => r.RequestedBy).SingleOrDefaultAsync(ct);
        if (requestedBy is null)
            return Problems.Of(StatusCodes.Status404NotFound, "UnknownRequest", text, "Requests.UnknownRequest");
        if (string.Equals(requestedBy, user.Address, StringComparison.OrdinalIgnoreCase))
            return Problems.Of(StatusCodes.Status403Forbidden, "OwnRequest", text, "Requests.OwnRequest");
        return null;
    }

    private static async Task<Results<Ok<ContactRequestView>, ProblemHttpResult>> DecideAsync(Guid id, AppDbContext db,
        NotificationSender notifications, IStringLocalizer<Messages> text, CancellationToken ct,
        Func<IQueryable<ContactRequest>, Task<int>> update, Action audit)
    {
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
