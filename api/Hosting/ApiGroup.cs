using SmimeAddin.Http;

namespace SmimeAddin.Hosting;

public static class ApiGroup
{
    /// <summary>The /api group: signed-in callers only, JSON bodies bounded, and the outcomes any of its routes may
    /// have whatever it does: 401 without a valid token, 429 over a rate limit, 503 while the directory is unavailable.</summary>
    public static RouteGroupBuilder MapSmimeApi(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api").RequireAuthorization().WithJsonBodyLimit()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
