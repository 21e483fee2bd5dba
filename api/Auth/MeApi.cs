using Microsoft.AspNetCore.Http.HttpResults;

namespace SmimeAddin.Auth;

/// <param name="CanRequest">May ask for a recipient's certificate to be published (role SmimeContacts.Request).</param>
/// <param name="CanApprove">May decide requests and manage trusted issuers (role SmimeContacts.Approve).</param>
public sealed record MeResponse(string Address, string DisplayName, IReadOnlyCollection<string> Roles, bool CanRequest, bool CanApprove);

/// <summary>GET /api/me: who the API thinks the caller is, so the pane can show only what they may do.</summary>
public static class MeApi
{
    public static RouteHandlerBuilder MapMe(this IEndpointRouteBuilder api) =>
        api.MapGet("/me", GetMe)
            .WithTags("Sign-in")
            .WithSummary("The signed-in caller: address, name and roles.");

    private static Results<Ok<MeResponse>, UnauthorizedHttpResult> GetMe(CurrentUser? user) =>
        user is null
            ? TypedResults.Unauthorized()
            : TypedResults.Ok(new MeResponse(user.Address, user.DisplayName, user.Roles.Order().ToList(),
                user.IsInRole(Roles.Request), user.IsInRole(Roles.Approve)));
}
