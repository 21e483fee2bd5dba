namespace SmimeAddin.Auth;

/// <summary>The app roles defined on the API's Entra application (and given to local users). The names are
/// also the authorization policy names, so an endpoint says <c>RequireAuthorization(Roles.Approve)</c>.</summary>
public static class Roles
{
    public const string Request = "SmimeContacts.Request";
    public const string Approve = "SmimeContacts.Approve";

    public static readonly string[] All = [Request, Approve];
}
