using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SmimeAddin.Auth;
using SmimeAddin.Data;

namespace SmimeAddin.Audit;

public sealed record AuditEventView(long Id, DateTimeOffset At, string Actor, string Action, Guid? RequestId, string Outcome, string? Details, string? RemoteAddress);

public sealed record AuditPage(IReadOnlyList<AuditEventView> Events, int Page, int PageSize, int Total);

/// <summary>GET /api/admin/audit: the audit log, newest first, paged (approvers only).</summary>
public static class AuditApi
{
    public static RouteHandlerBuilder MapAudit(this IEndpointRouteBuilder api) =>
        api.MapGet("/admin/audit", ListAsync).WithTags("Audit").RequireAuthorization(Roles.Approve)
            .WithSummary("Audit events, newest first; requestId narrows them to one request.")
            .ProducesProblem(StatusCodes.Status403Forbidden);

    private static async Task<Ok<AuditPage>> ListAsync(AppDbContext db, int? page, int? pageSize, Guid? requestId, CancellationToken ct)
    {
        var size = Math.Clamp(pageSize ?? 50, 1, 200);
        var number = Math.Max(page ?? 1, 1);
        var query = db.AuditEvents.AsNoTracking();
        if (requestId is { } id)
            query = query.Where(e => e.RequestId == id);
        var total = await query.CountAsync(ct);
        var events = await query.OrderByDescending(e => e.Id).Skip((number - 1) * size).Take(size)
            .Select(e => new AuditEventView(e.Id, e.At, e.Actor, e.Action, e.RequestId, e.Outcome, e.Details, e.RemoteAddress))
            .ToListAsync(ct);
        return TypedResults.Ok(new AuditPage(events, number, size, total));
    }
}
