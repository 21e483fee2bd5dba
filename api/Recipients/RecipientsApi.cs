using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
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
            .RequireRateLimiting(RateLimits.Check);

    private static async Task<Results<Ok<CheckResponse>, ProblemHttpResult>> CheckAsync(CheckRequest request, ReadinessCheck check,
        IOptions<RecipientsOptions> options, IStringLocalizer<Messages> text, CancellationToken ct)
    {
        if (request.Recipients is null)
            return Problems.Validation("recipients", text, "Problem.RecipientsRequired");
        if (request.Recipients.Count > options.Value.MaxRecipients)
            return Problems.Validation("recipients", text, "Problem.TooManyRecipients", options.Value.MaxRecipients);
        return TypedResults.Ok(new CheckResponse(await check.CheckAsync(request.Recipients, ct)));
    }
}
