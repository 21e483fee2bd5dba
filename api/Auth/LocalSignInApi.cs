using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using SmimeAddin.Http;
using SmimeAddin.Resources;

namespace SmimeAddin.Auth;

public sealed record LocalUserView(string User, string DisplayName, string[] Roles);

public sealed record LocalTokenRequest(string? User);

/// <summary>Routes of the embedded sign-in. Mapped only when Entra ID is not configured, and they answer
/// loopback callers only, addressed to this computer by name: anyone who can reach them can become any local user.</summary>
public static class LocalSignInApi
{
    public static RouteGroupBuilder MapLocalSignIn(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/auth/local").WithTags("Local sign-in").AddEndpointFilter(RefuseRemoteCallers);

        group.MapGet("/users", (IOptions<LocalSignInOptions> options) =>
            TypedResults.Ok(options.Value.EffectiveUsers.Select(u => new LocalUserView(u.User, u.DisplayName, u.Roles))))
            .WithSummary("Lists the local users one can sign in as.")
            .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapPost("/token", IssueToken)
            .WithSummary("Issues a short-lived bearer token for a local user.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }

    private static Results<Ok<LocalToken>, ProblemHttpResult> IssueToken(
        LocalTokenRequest request, IOptions<LocalSignInOptions> options, LocalTokenIssuer issuer, IStringLocalizer<Messages> text)
    {
        if (string.IsNullOrWhiteSpace(request.User))
            return Problems.Validation("user", text, "LocalSignIn.UserRequired");
        var user = options.Value.EffectiveUsers.FirstOrDefault(u => string.Equals(u.User, request.User.Trim(), StringComparison.OrdinalIgnoreCase));
        if (user is null)
            return Problems.Of(StatusCodes.Status404NotFound, "UnknownUser", text, "LocalSignIn.UnknownUser", request.User.Trim());
        return TypedResults.Ok(issuer.Issue(user));
    }

    private static async ValueTask<object?> RefuseRemoteCallers(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var remote = context.HttpContext.Connection.RemoteIpAddress;
        var code = remote is null || !IPAddress.IsLoopback(remote) ? "LoopbackOnly"
            : !IsThisComputer(context.HttpContext.Request) ? "LocalHostOnly"
            : null;
        if (code is null)
            return await next(context);
        var text = context.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<Messages>>();
        return Problems.Of(StatusCodes.Status403Forbidden, code, text, "LocalSignIn." + code);
    }

    /// <summary>A loopback connection is not enough: a page on a name that resolves to 127.0.0.1 (DNS rebinding), or a
    /// tunnel or proxy on this machine, also connects from loopback. The first sends its own name as Host; the second
    /// says it forwarded. So: Host localhost, 127.0.0.1 or [::1] (any port), and no forwarding header at all.</summary>
    internal static bool IsThisComputer(HttpRequest request) =>
        request.Host.Host.ToLowerInvariant() is "localhost" or "127.0.0.1" or "[::1]"
        && !request.Headers.Keys.Any(name => name.Equals("Forwarded", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("X-Forwarded-", StringComparison.OrdinalIgnoreCase));
}
