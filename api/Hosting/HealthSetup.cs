using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SmimeAddin.Data;
using SmimeAddin.Trust;

namespace SmimeAddin.Hosting;

/// <summary>/health/live: the process answers, nothing else is asked. /health/ready: the database and the directory
/// answer too (the directory's answer is reused for 30 s); 503 when either does not, with each check's status so an
/// operator sees which.</summary>
public static class HealthSetup
{
    private const string Ready = "ready";

    /// <summary>An Exchange Online connection being made can take seconds; past this the directory counts as down.</summary>
    private static readonly TimeSpan DirectoryTimeout = TimeSpan.FromSeconds(10);

    public static IServiceCollection AddSmimeHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddDbContextCheck<AppDbContext>("database", tags: [Ready])
            .AddCheck<DirectoryHealthCheck>("directory", timeout: DirectoryTimeout, tags: [Ready]);
        return services;
    }

    public static WebApplication MapSmimeHealthChecks(this WebApplication app)
    {
        // Out of the anonymous rate limit: a load balancer probes often from one address, and the probes cost little.
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).DisableRateLimiting();
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains(Ready), ResponseWriter = WriteAsync })
            .DisableRateLimiting();
        return app;
    }

    /// <summary>Each check's status and, when it failed, a short reason: a failure kind, a timeout, or an exception's type,
    /// never its message (a connection error may name hosts or users); the log has the whole exception.</summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var checks = report.Entries.Select(entry => new
        {
            name = entry.Key,
            status = entry.Value.Status.ToString(),
            reason = entry.Value.Status == HealthStatus.Healthy ? null
                : entry.Value.Exception is { } e and not OperationCanceledException ? e.GetType().Name : entry.Value.Description,
            durationMs = Math.Round(entry.Value.Duration.TotalMilliseconds, 1),
        });
        return JsonSerializer.SerializeAsync(context.Response.Body, new { status = report.Status.ToString(), checks }, Json,
            context.RequestAborted);
    }

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
}
