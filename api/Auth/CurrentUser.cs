using System.Reflection;
using System.Security.Claims;

namespace SmimeAddin.Auth;

/// <summary>The signed-in caller, from either Entra ID or local tokens; bound as a handler parameter.</summary>
public sealed record CurrentUser(string Address, string DisplayName, IReadOnlySet<string> Roles)
{
    // Entra ID v2 tokens carry the sign-in name in preferred_username; v1 tokens in upn; guests sometimes only email.
    private static readonly string[] AddressClaims = ["preferred_username", "upn", "email", ClaimTypes.Upn, ClaimTypes.Email];

    public bool IsInRole(string role) => Roles.Contains(role);

    public static CurrentUser? From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true)
            return null;
        var address = AddressClaims.Select(principal.FindFirstValue).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        if (address is null)
            return null;
        var name = principal.FindFirstValue("name") ?? address;
        var roles = principal.FindAll("roles").Concat(principal.FindAll(ClaimTypes.Role)).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return new CurrentUser(address, name, roles);
    }

    public static ValueTask<CurrentUser?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult(From(context.User));
}
