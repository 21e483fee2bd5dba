using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SmimeAddin.Auth;

public sealed record LocalToken(string AccessToken, string TokenType, int ExpiresIn);

/// <summary>Issues the short-lived tokens of local sign-in, shaped like Entra ID's (preferred_username, name,
/// roles) so that both go through the same bearer pipeline and policies.</summary>
public sealed class LocalTokenIssuer(LocalSigningKey key, IOptions<LocalSignInOptions> options, TimeProvider time)
{
    public LocalToken Issue(LocalUser user)
    {
        var lifetime = TimeSpan.FromMinutes(options.Value.TokenLifetimeMinutes);
        var now = time.GetUtcNow().UtcDateTime;
        var claims = new List<Claim>
        {
            new("sub", user.User),
            new("preferred_username", user.User),
            new("name", user.DisplayName),
        };
        claims.AddRange(user.Roles.Select(role => new Claim("roles", role)));
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = LocalSignInOptions.Issuer,
            Audience = LocalSignInOptions.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(key.SecurityKey, SecurityAlgorithms.HmacSha256),
        };
        return new LocalToken(new JsonWebTokenHandler().CreateToken(descriptor), "Bearer", (int)lifetime.TotalSeconds);
    }

    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = LocalSignInOptions.Issuer,
        ValidAudience = LocalSignInOptions.Audience,
        // Resolved per token, not when the options are built: the key is in the database, and a request without a
        // token (a health probe while the database is down, say) must not need it.
        IssuerSigningKeyResolver = (_, _, _, _) => [key.SecurityKey],
        NameClaimType = "name",
        RoleClaimType = "roles",
        ClockSkew = TimeSpan.FromSeconds(30),
    };
}
