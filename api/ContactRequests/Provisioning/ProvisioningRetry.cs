using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SmimeAddin.Audit;
using SmimeAddin.Auth;
using SmimeAddin.Data;
using SmimeAddin.Http;
using SmimeAddin.Resources;

namespace SmimeAddin.ContactRequests.Provisioning;

/// <param name="Status">Approved: the worker provisions it again from the first step.</param>
/// <param name="LastError">The error that made it fail, kept for the record.</param>
public sealed record RetryResponse(Guid Id, string Status, int Attempts, string? LastError);

/// <summary>POST /api/admin/contact-requests/{id}/retry: an admin sends a failed request round again.</summary>
internal static class ProvisioningRetry
{
    public static async Task<Results<Ok<RetryResponse>, ProblemHttpResult>> RetryAsync(Guid id, CurrentUser user, AppDbContext db,
        ProvisioningSignal signal, TimeProvider time, IStringLocalizer<Messages> text, HttpContext http, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Conditional, so that a retry racing the worker or another admin changes the row once.
        var retried = await db.ContactRequests.Where(r => r.Id == id && r.Status == ContactRequestStatus.Failed).ExecuteUpdateAsync(set => set
            .SetProperty(r => r.Status, ContactRequestStatus.Approved)
            .SetProperty(r => r.Attempts, 0)
            .SetProperty(r => r.NextAttemptAt, (DateTimeOffset?)null), ct);
        if (retried == 0)
            return await db.ContactRequests.Where(r => r.Id == id).Select(r => (ContactRequestStatus?)r.Status).SingleOrDefaultAsync(ct) is { } status
                ? Problems.Of(StatusCodes.Status409Conflict, "NotFailed", text, "Provisioning.NotFailed", status.ToString())
                : Problems.Of(StatusCodes.Status404NotFound, "UnknownRequest", text, "Provisioning.UnknownRequest");
        var lastError = await db.ContactRequests.Where(r => r.Id == id).Select(r => r.LastError).SingleAsync(ct);
        db.Record(time.GetUtcNow(), user.Address, "RetryRequested", AuditLog.Outcomes.Succeeded, id,
            lastError is null ? null : $"Last error: {lastError}", http.Connection.RemoteIpAddress?.ToString());
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        signal.Wake(); // after the commit, so the worker finds the request claimable
        return TypedResults.Ok(new RetryResponse(id, nameof(ContactRequestStatus.Approved), 0, lastError));
    }
}
