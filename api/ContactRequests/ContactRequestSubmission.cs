using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SmimeAddin.Audit;
using SmimeAddin.Auth;
using SmimeAddin.Data;
using SmimeAddin.Notifications;

namespace SmimeAddin.ContactRequests;

/// <summary>POST /api/contact-requests: a sender asks, in one click, that a recipient's certificate be published.</summary>
internal static class ContactRequestSubmission
{
    public sealed record Services(CurrentUser User, ContactRequestIntake Intake, AppDbContext Db, NotificationSender Notifications);

    public static async Task<Results<Created<ContactRequestView>, ProblemHttpResult>> SubmitAsync(HttpRequest http,
        [AsParameters] Services services, CancellationToken ct)
    {
        var (user, intake, db, notifications) = services;
        var taken = await intake.TakeAsync(http, user, ct);
        if (taken.Refusal is { } refused)
            return refused;
        var request = taken.Request!;
        db.ContactRequests.Add(request);
        db.Record(request.RequestedAt, user.Address, "RequestSubmitted", AuditLog.Outcomes.Succeeded, request.Id,
            Details(request), http.HttpContext.Connection.RemoteIpAddress?.ToString());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // Another request for the address won the race between the intake's check and this insert.
            db.ChangeTracker.Clear();
            return await intake.ConflictAsync(http, user, "AlreadyRequested", "Requests.AlreadyRequested", request.EmailAddress, ct);
        }
        await notifications.NotifyAsync(NotificationKind.RequestSubmitted, request, ct);
        return TypedResults.Created($"/api/admin/contact-requests/{request.Id}", ContactRequestView.From(request, taken.Findings));
    }

    /// <summary>What was asked, and from which received message when the requester said.</summary>
    private static string Details(ContactRequest request)
    {
        var asked = $"{request.EmailAddress} as {request.ContactName}, certificate {request.Thumbprint}";
        var source = new RequestSource(request.SourceMessageId, request.SourceSubject, request.SourceReceivedAt);
        return source.IsEmpty ? asked : $"{asked}, from {source}";
    }
}
