using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using SmimeAddin.Auth;
using SmimeAddin.Data;
using SmimeAddin.Http;
using SmimeAddin.Resources;

namespace SmimeAddin.Lifecycle;

/// <param name="DaysLeft">Whole days until <paramref name="NotAfter"/>; negative once it has passed.</param>
public sealed record ExpiringCertificate(string EmailAddress, string EntryName, string Thumbprint, string Subject, DateTimeOffset NotAfter, int DaysLeft);

/// <summary>A value on a directory entry the last scan could not read: said, never taken for "no certificate".</summary>
public sealed record UnreadableValue(string EmailAddress, string EntryName, string Problem);

/// <param name="ScannedAt">When the reading was made (the last successful scan).</param>
/// <param name="LastFailure">The latest scan, when it failed after that reading.</param>
public sealed record ExpiringCertificates(IReadOnlyList<ExpiringCertificate> Certificates, IReadOnlyList<UnreadableValue> Unreadable,
    DateTimeOffset ScannedAt, ScanFailure? LastFailure);

public sealed record ScanFailure(DateTimeOffset At, string Error);

public sealed record ScanSummary(DateTimeOffset At, bool Succeeded, int Entries, int Certificates, int Unreadable, int Warned, string? Error)
{
    internal static ScanSummary From(ExpiryScanRecord r) => new(r.At, r.Succeeded, r.Entries, r.Certificates, r.Unreadable, r.Warned, r.Error);
}

/// <summary>The life of published certificates: which expire soon (read from the last scan, not from the directory on
/// each call), and a scan on demand.</summary>
public static class LifecycleApi
{
    public static IServiceCollection AddLifecycle(this IServiceCollection services)
    {
        services.AddOptions<LifecycleOptions>().BindConfiguration(LifecycleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<LifecycleOptions>, LifecycleOptionsValidator>();
        services.AddSingleton<ExpiryWarnings>();
        services.AddSingleton<ExpiryScan>();
        return services.AddHostedService<ExpiryScanWorker>();
    }

    public static RouteGroupBuilder MapLifecycle(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/admin/certificates").WithTags("Certificate lifecycle").RequireAuthorization(Roles.Approve)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/expiring", ExpiringAsync)
            .WithSummary("Published certificates expiring within `days` (30 by default), soonest first, as the last scan read them.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapPost("/scan", ScanAsync).WithSummary("Reads the published certificates now and sends the warnings due.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<Results<Ok<ExpiringCertificates>, ProblemHttpResult>> ExpiringAsync(
        AppDbContext db, TimeProvider time, IStringLocalizer<Messages> text, CancellationToken ct,
        [Description("Days ahead, 0 to 3650.")] int days = 30)
    {
        if (days is < 0 or > 3650)
            return Problems.Validation("days", text, "Lifecycle.DaysOutOfRange");
        var scans = await db.ExpiryScans.AsNoTracking().OrderByDescending(s => s.Id).Take(50).ToListAsync(ct);
        if (scans.FirstOrDefault(s => s.Succeeded) is not { } reading)
            return Problems.Of(StatusCodes.Status503ServiceUnavailable, "ExpiryScanPending", text, "Lifecycle.ScanPending");
        var now = time.GetUtcNow();
        var until = now.AddDays(days);
        var expiring = await db.WatchedCertificates.AsNoTracking().Where(r => r.Problem == null && r.NotAfter <= until)
            .OrderBy(r => r.NotAfter).ToListAsync(ct);
        var certificates = expiring.Select(r => new ExpiringCertificate(r.EmailAddress, r.EntryName, r.Thumbprint!, r.Subject ?? "",
            r.NotAfter!.Value, ExpiryWarnings.DaysLeft(r.NotAfter.Value, now))).ToList();
        var unreadable = await db.WatchedCertificates.AsNoTracking().Where(r => r.Problem != null)
            .Select(r => new UnreadableValue(r.EmailAddress, r.EntryName, r.Problem!)).ToListAsync(ct);
        var failure = scans[0].Succeeded ? null : new ScanFailure(scans[0].At, scans[0].Error ?? "");
        return TypedResults.Ok(new ExpiringCertificates(certificates, unreadable, reading.At, failure));
    }

    private static async Task<Results<Ok<ScanSummary>, ProblemHttpResult>> ScanAsync(ExpiryScan scan, IStringLocalizer<Messages> text,
        CancellationToken ct) =>
        await scan.TryRunAsync(ct) is { } record
            ? TypedResults.Ok(ScanSummary.From(record))
            : Problems.Of(StatusCodes.Status409Conflict, "ExpiryScanRunning", text, "Lifecycle.ScanRunning");
}
