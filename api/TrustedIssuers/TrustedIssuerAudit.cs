using Microsoft.AspNetCore.Http.HttpResults;
using SmimeAddin.Audit;
using SmimeAddin.Auth;
using SmimeAddin.Data;
using SmimeAddin.Trust;

namespace SmimeAddin.TrustedIssuers;

/// <summary>Every change to the trusted issuers, and every refused one, is an audit event. A change is recorded from
/// inside the store's update: its intent (the CAs it adds and removes) before the directory is written, its outcome
/// after. Refusals, which write nothing, are recorded by a filter on the write routes from the handler's outcome.
/// Every save here is made with no token: a client that disconnects must not take the record of its change with it.</summary>
internal static class TrustedIssuerAudit
{
    public static TrustedIssuerWriteRecord Recording(HttpContext http) => new(
        async write =>
        {
            await SaveAsync(http, AuditLog.Outcomes.Intended, write.Describe());
            return true;
        },
        (write, failure) => SaveAsync(http, failure is null ? AuditLog.Outcomes.Succeeded : AuditLog.Outcomes.Failed,
            failure is null ? write.Describe() : $"{TrustedIssuerWrite.FailureKind(failure)}: {write.Describe(limit: 3900)}"));

    public static async ValueTask<object?> RecordAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        if ((result as INestedHttpResult)?.Result is ProblemHttpResult problem)
            await SaveAsync(context.HttpContext, AuditLog.Outcomes.Refused,
                problem.ProblemDetails.Extensions.TryGetValue("code", out var code) ? code?.ToString() : null);
        return result;
    }

    private static string ActionOf(HttpRequest request) => request.Method switch
    {
        "POST" => "TrustedIssuersAdded",
        "PUT" => "TrustedIssuersReplaced",
        _ => "TrustedIssuersRemoved",
    };

    private static async Task SaveAsync(HttpContext http, string outcome, string? details)
    {
        var db = http.RequestServices.GetRequiredService<AppDbContext>();
        var actor = CurrentUser.From(http.User)?.Address ?? "unknown";
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        db.Record(now, actor, ActionOf(http.Request), outcome, details: details, remoteAddress: http.Connection.RemoteIpAddress?.ToString());
        await db.SaveChangesAsync(CancellationToken.None);
    }
}
