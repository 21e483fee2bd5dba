using Microsoft.AspNetCore.Http.HttpResults;
using SmimeAddin.Audit;
using SmimeAddin.Auth;
using SmimeAddin.Data;

namespace SmimeAddin.TrustedIssuers;

/// <summary>Every change to the trusted issuers, and every refused one, is an audit event. A filter on the write routes
/// records it from the handler's outcome, so the handlers stay about the list.</summary>
internal static class TrustedIssuerAudit
{
    public static async ValueTask<object?> RecordAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var http = context.HttpContext;
        var action = http.Request.Method switch
        {
            "POST" => "TrustedIssuersAdded",
            "PUT" => "TrustedIssuersReplaced",
            _ => "TrustedIssuersRemoved",
        };
        (string? outcome, string? details) = (result as INestedHttpResult)?.Result switch
        {
            Ok<TrustedIssuersResponse> { Value: { } changed } when changed.Added.Count > 0 || (action == "TrustedIssuersRemoved" && changed.Skipped.Count > 0) =>
                (AuditLog.Outcomes.Succeeded, string.Join(", ", action == "TrustedIssuersRemoved" ? changed.Skipped : changed.Added)),
            ProblemHttpResult problem => (AuditLog.Outcomes.Refused, problem.ProblemDetails.Extensions.TryGetValue("code", out var code) ? code?.ToString() : null),
            _ => (null, null), // nothing changed
        };
        if (outcome is null)
            return result;
        var db = http.RequestServices.GetRequiredService<AppDbContext>();
        var actor = CurrentUser.From(http.User)?.Address ?? "unknown";
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        db.Record(now, actor, action, outcome, details: details, remoteAddress: http.Connection.RemoteIpAddress?.ToString());
        await db.SaveChangesAsync(http.RequestAborted);
        return result;
    }
}
