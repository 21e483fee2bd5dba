using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Localization;
using SmimeAddin.Directory;
using SmimeAddin.Directory.ExchangeOnline;
using SmimeAddin.Http;
using SmimeAddin.Resources;

namespace SmimeAddin.Hosting;

/// <summary>Any route that needs the directory may find it throttling or down: that is a 503 with Retry-After,
/// not a 500. The directory's own words go to the log, never to the client. So is this instance's own budget of
/// look-ups being spent (<see cref="DirectoryBusyException"/>): the directory was not asked, and nothing is logged.</summary>
internal sealed class DirectoryFailureHandler(IProblemDetailsService problems, IStringLocalizer<Messages> text,
    ILogger<DirectoryFailureHandler> log) : IExceptionHandler
{
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(30);

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (exception is DirectoryBusyException busy)
            return await WriteAsync(context, "DirectoryBusy", "Problem.DirectoryBusy", busy.RetryAfter);
        if (exception is not DirectoryException failure)
            return false;
        log.LogWarning(exception, "Directory call failed: {Failure}", failure.Failure);
        var (status, code, key) = failure.Failure switch
        {
            DirectoryFailure.Throttled => (StatusCodes.Status503ServiceUnavailable, "DirectoryThrottled", "Problem.DirectoryThrottled"),
            DirectoryFailure.Unavailable => (StatusCodes.Status503ServiceUnavailable, "DirectoryUnavailable", "Problem.DirectoryUnavailable"),
            // Final until an administrator changes the app's roles: 502 without Retry-After, so no client retries it.
            DirectoryFailure.Forbidden => (StatusCodes.Status502BadGateway, "DirectoryForbidden", "Problem.DirectoryForbidden"),
            DirectoryFailure.Unreadable => (StatusCodes.Status502BadGateway, "DirectoryUnreadable", "Problem.DirectoryUnreadable"),
            _ => (StatusCodes.Status502BadGateway, "DirectoryRejected", "Problem.DirectoryRejected"),
        };
        return status == StatusCodes.Status503ServiceUnavailable
            ? await WriteAsync(context, code, key, failure.RetryAfter ?? DefaultRetryAfter)
            : await WriteAsync(context, code, key, null, status, Detail(failure));
    }

    /// <summary>For Forbidden, which cmdlet and which role: the app's own words (a fixed table), safe for a client.</summary>
    private string? Detail(DirectoryException failure) => MissingPermissionException.Of(failure) switch
    {
        null => null,
        { Operation: ExchangeSchema.Connect } => text["Problem.DirectoryForbidden.SignIn"].Value,
        var missing => text["Problem.DirectoryForbidden.Role", missing.Operation, missing.Permission].Value,
    };

    private async Task<bool> WriteAsync(HttpContext context, string code, string key, TimeSpan? retryAfter,
        int status = StatusCodes.Status503ServiceUnavailable, string? detail = null)
    {
        context.Response.StatusCode = status;
        if (retryAfter is { } wait)
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = text[key], Detail = detail, Type = Problems.TypeFor(code), Extensions = { ["code"] = code } },
        });
    }
}
