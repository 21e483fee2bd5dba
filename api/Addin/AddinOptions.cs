using Microsoft.Extensions.Options;
using SmimeAddin.Auth;

namespace SmimeAddin.Addin;

/// <summary>Where this deployment lives and which add-in it is: top-level <c>PublicBaseUrl</c>, section <c>Addin</c>.</summary>
public sealed class AddinOptions
{
    /// <summary>The add-in id the checked-in manifest carries; a deployment may give its own (Addin:Id).</summary>
    public const string CheckedInId = "4f1c2a7e-9b3d-4c61-8e2a-5d7f3b9c1e04";

    /// <summary>The https origin Outlook loads the pane and icons from. Unset (in Development, or with local sign-in,
    /// which listens on this computer only), the request's own origin.</summary>
    public string? PublicBaseUrl { get; set; }

    public string Id { get; set; } = CheckedInId;
}

/// <summary>Outlook loads add-ins over https only, so a production PublicBaseUrl must be https; development may use
/// http on this machine. With Entra ID outside Development it is required: the manifest would otherwise take its origin
/// from the request's Host header, which whoever sends the request chooses.</summary>
internal sealed class AddinOptionsValidation(IHostEnvironment environment, IConfiguration configuration) : IValidateOptions<AddinOptions>
{
    public ValidateOptionsResult Validate(string? name, AddinOptions options)
    {
        var problems = new List<string>();
        if (!Guid.TryParse(options.Id, out _))
            problems.Add($"Addin:Id must be a GUID (it is '{options.Id}').");
        if (options.PublicBaseUrl is { Length: > 0 } url)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/" || uri.Query.Length > 0)
                problems.Add($"PublicBaseUrl must be an origin such as https://smime.contoso.com (it is '{url}').");
            else if (uri.Scheme != Uri.UriSchemeHttps && !environment.IsDevelopment())
                problems.Add($"PublicBaseUrl must use https: Outlook loads add-ins only over https (it is '{url}').");
        }
        else if (!environment.IsDevelopment() && !configuration.UsesLocalSignIn())
            problems.Add("PublicBaseUrl is required with Entra ID sign-in outside Development: set it to the https origin " +
                "Outlook reaches this app at, such as https://smime.contoso.com.");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
