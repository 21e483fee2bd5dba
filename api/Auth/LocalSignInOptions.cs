using System.ComponentModel.DataAnnotations;

namespace SmimeAddin.Auth;

public sealed record LocalUser
{
    [Required, EmailAddress] public string User { get; init; } = "";
    [Required] public string DisplayName { get; init; } = "";
    public string[] Roles { get; init; } = [];
}

/// <summary>Section <c>LocalSignIn</c>: the users of the embedded sign-in, used when <c>AzureAd:ClientId</c> is unset.</summary>
public sealed class LocalSignInOptions
{
    public const string Section = "LocalSignIn";
    public const string Issuer = "SmimeAddin.Local";
    public const string Audience = "SmimeAddin.Api";

    /// <summary>Empty means the default set below; configuring any user replaces the whole set.</summary>
    public List<LocalUser> Users { get; set; } = [];

    [Range(1, 24 * 60)]
    public int TokenLifetimeMinutes { get; set; } = 60;

    public static readonly IReadOnlyList<LocalUser> DefaultUsers =
    [
        new() { User = "ada.admin@contoso.example", DisplayName = "Ada Admin", Roles = [Roles.Request, Roles.Approve] },
        new() { User = "rene.requester@contoso.example", DisplayName = "René Requester", Roles = [Roles.Request] },
        new() { User = "nina.reader@contoso.example", DisplayName = "Nina Reader", Roles = [] },
    ];

    public IReadOnlyList<LocalUser> EffectiveUsers => Users.Count > 0 ? Users : DefaultUsers;
}
