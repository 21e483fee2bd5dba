using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace SmimeAddin.Directory.ExchangeOnline;

/// <summary>Section <c>ExchangeOnline</c>. Setting <see cref="AppId"/> and <see cref="Organization"/> selects this
/// adapter; the app then connects app-only with the certificate in <see cref="CertificatePath"/>.</summary>
public sealed class ExchangeOnlineOptions
{
    public const string Section = "ExchangeOnline";
    public const string ModuleName = "ExchangeOnlineManagement";

    /// <summary>The Entra ID application (client) id that holds Exchange.ManageAsApp.</summary>
    public string? AppId { get; set; }

    /// <summary>The tenant's initial domain, e.g. <c>contoso.onmicrosoft.com</c>.</summary>
    public string? Organization { get; set; }

    /// <summary>The app's certificate with its private key (.pfx); passed to Connect-ExchangeOnline as -Certificate.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>A folder holding <c>ExchangeOnlineManagement</c> (as Save-Module writes it); unset imports the module by
    /// name from PSModulePath.</summary>
    public string? ModulePath { get; set; }

    /// <summary>Connected runspaces kept open, each running one cmdlet at a time. A look-up reads four kinds of recipient
    /// at once (Get-Mailbox, Get-MailUser, Get-MailContact, Get-Recipient), so four sessions answer a cold check in
    /// one round trip of Exchange's latency; fewer make it queue (two sessions: two round trips). Exchange throttles
    /// an app's concurrent calls, and the old remote PowerShell allowed three sessions per account: keep it small.</summary>
    [Range(1, 5)]
    public int PoolSize { get; set; } = 4;

    /// <summary>Addresses per Get-Recipient call: at least 50 (the design), at most 200, since each address is one
    /// sub-filter and Exchange refuses a filter of more than 250 (<see cref="RecipientFilter.MaxClauses"/>).</summary>
    [Range(50, RecipientFilter.MaxClauses)]
    public int LookupChunkSize { get; set; } = 50;

    /// <summary>Import-Module plus Connect-ExchangeOnline, which fetches a token and the cmdlet list: seconds, not minutes.</summary>
    [Range(5, 600)]
    public int ConnectTimeoutSeconds { get; set; } = 120;

    /// <summary>One cmdlet call. The service itself gives up on REST calls after 15 minutes.</summary>
    [Range(5, 900)]
    public int CommandTimeoutSeconds { get; set; } = 300;

    /// <summary>In all, how long one operation for a user's request (a check, a contact request) may wait to run again
    /// cmdlet calls Exchange throttled (honouring its "Suggested backoff time") or failed during an outage (waiting
    /// 0.25 s, then twice as long each time); a wait longer than what is left fails at once, Throttled or Unavailable,
    /// with that Retry-After.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan CallRetryBudget { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The same for background work (provisioning), which nobody waits for: it rides out short outages.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan BackgroundCallRetryBudget { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The one sentence start-up and failures give when the module is missing.</summary>
    public string ModuleMissingSentence => ModulePath is { Length: > 0 }
        ? $"The {ModuleName} module is not in ExchangeOnline:ModulePath ({ModulePath}): run `Save-Module {ModuleName} -Path '{ModulePath}'` in PowerShell 7, or unset ModulePath after `Install-Module {ModuleName}`."
        : $"The {ModuleName} module is not installed: run `Install-Module {ModuleName} -Scope AllUsers` in PowerShell 7, or `Save-Module {ModuleName} -Path <folder>` and set ExchangeOnline:ModulePath to that folder.";
}

/// <summary>Every problem of a half-made configuration, one sentence each, at start rather than at the first lookup.</summary>
internal sealed class ExchangeOnlineOptionsValidator : IValidateOptions<ExchangeOnlineOptions>
{
    public ValidateOptionsResult Validate(string? name, ExchangeOnlineOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.AppId))
            problems.Add("ExchangeOnline:AppId is required when ExchangeOnline:Organization is set (the application id registered in Entra ID).");
        else if (!Guid.TryParse(options.AppId, out _))
            problems.Add("ExchangeOnline:AppId must be the application (client) id, a GUID.");
        if (string.IsNullOrWhiteSpace(options.Organization))
            problems.Add("ExchangeOnline:Organization is required when ExchangeOnline:AppId is set (the tenant's domain, e.g. contoso.onmicrosoft.com).");
        if (string.IsNullOrWhiteSpace(options.CertificatePath))
            problems.Add("ExchangeOnline:CertificatePath is required: the .pfx of the application's certificate, with its private key.");
        else if (!File.Exists(options.CertificatePath))
            problems.Add($"ExchangeOnline:CertificatePath ({options.CertificatePath}) does not exist.");
        else if (CertificateProblem(options) is { } problem)
            problems.Add(problem);
        if (options.ModulePath is { Length: > 0 } modulePath
            && !System.IO.Directory.Exists(Path.Combine(modulePath, ExchangeOnlineOptions.ModuleName)))
            problems.Add(options.ModuleMissingSentence);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static string? CertificateProblem(ExchangeOnlineOptions options)
    {
        try
        {
            using var certificate = X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath!, options.CertificatePassword);
            return certificate.HasPrivateKey ? null
                : "ExchangeOnline:CertificatePath holds no private key: export the certificate as .pfx with its key.";
        }
        catch (CryptographicException)
        {
            return "ExchangeOnline:CertificatePath could not be opened as a .pfx with ExchangeOnline:CertificatePassword.";
        }
    }
}
