namespace SmimeAddin.Directory.ExchangeOnline;

/// <summary>The Exchange management role each cmdlet needs. Connect-ExchangeOnline loads only the cmdlets the app's roles
/// allow, so a missing role shows as a cmdlet that does not exist ("The term 'Set-SmimeConfig' is not recognized"), not
/// as an authorisation error. Read from Microsoft's role reference and Microsoft365DSC's per-resource role lists (read:
/// View-Only Configuration, update: Organization Configuration for organisation settings); not yet confirmed on a tenant
/// with <c>Get-ManagementRole -Cmdlet &lt;name&gt;</c>, which is how an admin checks. The built-in groups Recipient
/// Management (recipients) and Organization Management (all) hold them.</summary>
internal static class ExchangeRoles
{
    /// <summary>What a refused app-only sign-in lacks (UnAuthorized, "isn't assigned to any management roles").</summary>
    public const string ConnectPermission = "Exchange.ManageAsApp (admin consent) and an Exchange role";

    private static readonly Dictionary<string, string> Needed = new(StringComparer.OrdinalIgnoreCase)
    {
        [ExchangeSchema.GetRecipient] = "View-Only Recipients or Mail Recipients",
        [ExchangeSchema.GetMailbox] = "View-Only Recipients or Mail Recipients",
        [ExchangeSchema.GetMailUser] = "View-Only Recipients or Mail Recipients",
        [ExchangeSchema.GetMailContact] = "View-Only Recipients or Mail Recipients",
        [ExchangeSchema.NewMailContact] = "Mail Recipient Creation",
        [ExchangeSchema.SetMailContact] = "Mail Recipients",
        [ExchangeSchema.SetMailbox] = "Mail Recipients",
        [ExchangeSchema.SetMailUser] = "Mail Recipients",
        [ExchangeSchema.GetSmimeConfig] = "View-Only Configuration or Organization Configuration",
        [ExchangeSchema.SetSmimeConfig] = "Organization Configuration",
    };

    public static string For(string cmdlet) => Needed.GetValueOrDefault(cmdlet, "that allows it");

    /// <summary>The failure for a cmdlet the app's roles did not load: final, the same on every retry, never a reconnect.</summary>
    public static DirectoryException Missing(string cmdlet, Exception? evidence) => Forbidden(cmdlet, For(cmdlet), evidence);

    public static DirectoryException Forbidden(string operation, string permission, Exception? evidence)
    {
        var sentence = $"Exchange Online does not let this app run {operation}: it needs "
            + (operation == ExchangeSchema.Connect ? permission : $"the Exchange role {permission}") + ".";
        return new(DirectoryFailure.Forbidden, $"{sentence} ({evidence?.Message})",
            inner: new MissingPermissionException(operation, permission, sentence, evidence));
    }
}

/// <summary>The cmdlets Exchange refused this app lately (a missing role, or the sign-in itself), each until it next
/// succeeds: what /health/ready reports, so an administrator sees a missing role before a request needs it.</summary>
internal sealed class RefusedCmdlets
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, MissingPermissionException> refused =
        new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<MissingPermissionException> Current => [.. refused.Values.OrderBy(m => m.Operation, StringComparer.Ordinal)];

    public void Saw(string cmdlet, Exception? failure)
    {
        if (failure is DirectoryException directory && MissingPermissionException.Of(directory) is { } missing)
            refused[missing.Operation] = missing;
        else if (failure is null)
            refused.TryRemove(cmdlet, out _);
    }
}
