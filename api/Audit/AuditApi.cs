using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SmimeAddin.Auth;
using Microsoft.Extensions.Localization;
using SmimeAddin.Data;
using SmimeAddin.Http;
using SmimeAddin.Resources;

namespace SmimeAddin.Audit;

public sealed record AuditEventView(long Id, DateTimeOffset At, string Actor, string Action, Guid? RequestId, string Outcome, string? Details, string? RemoteAddress);

public sealed record AuditPage(IReadOnlyList<AuditEventView> Events, int Page, int PageSize, int Total);

/// <summary>GET /api/admin/audit: the audit log, newest first, paged (approvers only).</summary>
public static class AuditApi
{
    public static RouteHandlerBuilder MapAudit(this IEndpointRouteBuilder api) =>
        api.MapGet("/admin/audit", ListAsync).WithTags("Audit").RequireAuthorization(Roles.Approve)
            .WithSummary("Audit events, newest first; requestId narrows them to one request.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);

    private static async Task<Results<Ok<AuditPage>, ProblemHttpResult>> ListAsync(AppDbContext db, Guid? requestId,
        IStringLocalizer<Messages> text, CancellationToken ct, int page = 1, int pageSize = Paging.DefaultPageSize)
    {
        var paging = new Paging(page, pageSize);
        if (Paging.Refusal(paging, text) is { } refused)
            return refused;
        var query = db.AuditEvents.AsNoTracking();
        if (requestId is { } id)
            query = query.Where(e => e.RequestId == id);
        var total = await query.CountAsync(ct);
        var events = await query.OrderByDescending(e => e.Id).Skip(paging.Skip).Take(pageSize)
            .Select(e => new AuditEventView(e.Id, e.At, e.Actor, e.Action, e.RequestId, e.Outcome, e.Details, e.RemoteAddress))
            .ToListAsync(ct);
        return TypedResults.Ok(new AuditPage(events, page, pageSize, total));
    }
}
