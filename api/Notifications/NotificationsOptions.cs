using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using SmimeAddin.Certificates;

namespace SmimeAddin.Notifications;

/// <summary>Section <c>Notifications</c>. <see cref="SenderMailbox"/> (with the app's credentials) sends through
/// Microsoft Graph; without any Graph setting, messages go to the embedded outbox.</summary>
public sealed class NotificationsOptions
{
    public const string Section = "Notifications";
    public const string DefaultGraphBaseUrl = "https://graph.microsoft.com/v1.0";
    public const string DefaultAuthorityHost = "https://login.microsoftonline.com/";

    /// <summary>Who hears of new requests. A list rather than a look-up: Graph can list the app-role assignments of
    /// SmimeContacts.Approve, but that needs Application.Read.All (or Directory.Read.All) on top of Mail.Send, more
    /// than a mail-sending app should hold. Empty: nobody is told of new requests.</summary>
    public string[] Approvers { get; set; } = [];

    /// <summary>The mailbox Graph sendMail sends from (user id or address). The app gets Exchange's "Application
    /// Mail.Send" role scoped to this mailbox alone (RBAC for Applications), not Mail.Send in Entra ID: an Entra grant
    /// covers every mailbox and adds to any Exchange scope. Application access policies are legacy.</summary>
    public string? SenderMailbox { get; set; }
    public string? TenantId { get; set; }
    public string? ClientId { get; set; }
    /// <summary>The app's certificate with its private key (.pfx). Either this or <see cref="ClientSecret"/>.</summary>
    public string? CertificatePath { get; set; }
    public string? CertificatePassword { get; set; }
    public string? ClientSecret { get; set; }

    /// <summary>Graph's root; a national cloud's (or a test stand-in's) when not the global service.</summary>
    public string GraphBaseUrl { get; set; } = DefaultGraphBaseUrl;
    /// <summary>Entra ID's sign-in host; a national cloud's (or a test stand-in's) when not the global service.</summary>
    public string AuthorityHost { get; set; } = DefaultAuthorityHost;

    /// <summary>True when any Graph setting is given, so a half-made configuration stops the app with a sentence
    /// instead of quietly filling the outbox.</summary>
    public static bool UsesGraph(IConfiguration configuration) =>
        new[] { nameof(SenderMailbox), nameof(TenantId), nameof(ClientId), nameof(CertificatePath), nameof(ClientSecret) }
            .Any(key => !string.IsNullOrWhiteSpace(configuration[$"{Section}:{key}"]));
}

/// <summary>Every problem of the configuration, one sentence each, at start rather than at the first message.</summary>
internal sealed class NotificationsOptionsValidator(IConfiguration configuration) : IValidateOptions<NotificationsOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationsOptions options)
    {
        var problems = new List<string>();
        foreach (var approver in options.Approvers.Where(a => !EmailAddresses.IsValid(a)))
            problems.Add($"Notifications:Approvers holds \"{approver}\", which is not an e-mail address.");
        if (NotificationsOptions.UsesGraph(configuration))
            GraphProblems(options, problems);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void GraphProblems(NotificationsOptions options, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(options.SenderMailbox))
            problems.Add("Notifications:SenderMailbox is required to send through Microsoft Graph (the mailbox messages are sent from); unset every Notifications Graph setting to use the embedded outbox instead.");
        if (string.IsNullOrWhiteSpace(options.TenantId))
            problems.Add("Notifications:TenantId is required to send through Microsoft Graph (the Entra ID tenant id or domain).");
        if (!Guid.TryParse(options.ClientId, out _))
            problems.Add("Notifications:ClientId is required to send through Microsoft Graph: the application (client) id, a GUID, of an app allowed to send as Notifications:SenderMailbox (Exchange's Application Mail.Send role).");
        var hasCertificate = !string.IsNullOrWhiteSpace(options.CertificatePath);
        var hasSecret = !string.IsNullOrWhiteSpace(options.ClientSecret);
        if (hasCertificate == hasSecret)
            problems.Add("Set exactly one of Notifications:CertificatePath (a .pfx with its private key) and Notifications:ClientSecret for the application's credentials.");
        else if (hasCertificate && CertificateProblem(options) is { } problem)
            problems.Add(problem);
        if (!IsHttps(options.GraphBaseUrl))
            problems.Add("Notifications:GraphBaseUrl must be an absolute https URL, e.g. https://graph.microsoft.com/v1.0.");
        if (!IsHttps(options.AuthorityHost))
            problems.Add("Notifications:AuthorityHost must be an absolute https URL, e.g. https://login.microsoftonline.com/.");
    }

    private static bool IsHttps(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;

    private static string? CertificateProblem(NotificationsOptions options)
    {
        if (!File.Exists(options.CertificatePath))
            return $"Notifications:CertificatePath ({options.CertificatePath}) does not exist.";
        try
        {
            using var certificate = X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath!, options.CertificatePassword);
            return certificate.HasPrivateKey ? null
                : "Notifications:CertificatePath holds no private key: export the certificate as .pfx with its key.";
        }
        catch (CryptographicException)
        {
            return "Notifications:CertificatePath could not be opened as a .pfx with Notifications:CertificatePassword.";
        }
    }
}
