using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using SmimeAddin.Auth;
using SmimeAddin.Certificates;
using SmimeAddin.Directory;
using SmimeAddin.Http;
using SmimeAddin.Resources;

namespace SmimeAddin.Recipients;

/// <summary>POST /api/recipients/check: the question the task pane asks on every change of the recipients.</summary>
public static class RecipientsApi
{
    public static IServiceCollection AddRecipients(this IServiceCollection services)
    {
        services.AddOptions<RecipientsOptions>().BindConfiguration(RecipientsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services.AddScoped<ReadinessCheck>();
    }

    public static RouteHandlerBuilder MapRecipients(this IEndpointRouteBuilder api) =>
        api.MapPost("/recipients/check", CheckAsync)
            .WithTags("Recipients")
            .WithSummary("Whether Outlook on the web can encrypt to each recipient, which directory entry to pick, and why not.")
            .WithDescription("One entry per distinct address (case-insensitive), status ready, notPublished, problem or " +
                "requestPending. A malformed address is a problem with the finding InvalidAddress, not a failed request.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .RequireRateLimiting(RateLimits.Check);

    private static async Task<Results<Ok<CheckResponse>, ProblemHttpResult>> CheckAsync(CheckRequest request, ReadinessCheck check,
        RecipientCache cache, DirectoryBudget budget, CurrentUser user, HttpResponse response,
        IOptions<RecipientsOptions> options, IStringLocalizer<Messages> text, CancellationToken ct)
    {
        if (request.Recipients is null)
            return Problems.Validation("recipients", text, "Problem.RecipientsRequired");
        if (request.Recipients.Count > options.Value.MaxRecipients)
            return Problems.Validation("recipients", text, "Problem.TooManyRecipients", options.Value.MaxRecipients);
        // The rate limit counts calls; this counts what a call costs the directory: its addresses not in the cache.
        var lookups = cache.CountUncached(request.Recipients.Select(r => r.EmailAddress?.Trim() ?? "").Where(EmailAddresses.IsValid));
        if (!budget.TryTakeForUser(user.Address, lookups, out var wait))
        {
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return Problems.Of(StatusCodes.Status429TooManyRequests, "TooManyAddresses", text, "Problem.TooManyAddresses");
        }
        return TypedResults.Ok(new CheckResponse(await check.CheckAsync(request.Recipients, ct)));
    }
}
