using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Localization;
using SmimeAddin.Http;
using SmimeAddin.Resources;

namespace SmimeAddin.Hosting;

/// <summary>Every error response is problem details with a code and a sentence in the caller's language, including
/// those the framework writes itself (401/403 from authorization, 413 from body limits, 415 from form binding, 429 from rate limits, unexpected 500s).</summary>
public static class ProblemDetailsSetup
{
    private static readonly Dictionary<int, (string Code, string MessageKey)> ByStatus = new()
    {
        [StatusCodes.Status400BadRequest] = ("BadRequest", "Problem.Validation"),
        [StatusCodes.Status401Unauthorized] = ("Unauthorized", "Problem.Unauthorized"),
        [StatusCodes.Status403Forbidden] = ("Forbidden", "Problem.Forbidden"),
        [StatusCodes.Status404NotFound] = ("NotFound", "Problem.NotFound"),
        [StatusCodes.Status413PayloadTooLarge] = ("PayloadTooLarge", "Problem.RequestTooLarge"),
        [StatusCodes.Status415UnsupportedMediaType] = ("UnsupportedMediaType", "Problem.UnsupportedMediaType"),
        [StatusCodes.Status429TooManyRequests] = ("TooManyRequests", "Problem.TooManyRequests"),
        [StatusCodes.Status500InternalServerError] = ("Unexpected", "Problem.Unexpected"),
        [StatusCodes.Status503ServiceUnavailable] = ("DirectoryUnavailable", "Problem.DirectoryUnavailable"),
    };

    public static IServiceCollection AddSmimeProblemDetails(this IServiceCollection services)
    {
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<DirectoryFailureHandler>();
        return services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
            if (problem.Extensions.ContainsKey("code"))
                return;
            var status = problem.Status ?? StatusCodes.Status500InternalServerError;
            var (code, key) = ByStatus.TryGetValue(status, out var known) ? known : ("Error", "Problem.Unexpected");
            var text = context.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<Messages>>();
            problem.Type = Problems.TypeFor(code);
            problem.Title = text[key];
            problem.Detail = null; // the framework's English detail (or an exception's) is not for users
            problem.Extensions["code"] = code;
        });
    }

    /// <summary>Malformed requests surface as <see cref="BadHttpRequestException"/> (bad JSON, broken multipart,
    /// a body over the limit); they are the caller's mistake and keep their 4xx status.</summary>
    private sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
        {
            if (exception is not BadHttpRequestException bad)
                return false;
            context.Response.StatusCode = bad.StatusCode;
            return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, Exception = exception });
        }
    }
}
