namespace SmimeAddin.Auth;

/// <summary>A half-made Entra ID configuration stops the app with one sentence per missing setting, instead of
/// failing every sign-in later.</summary>
internal static class AzureAdValidation
{
    private static readonly string[] Required = ["TenantId", "ClientId"];

    public static IReadOnlyList<string> Problems(IConfiguration configuration)
    {
        var section = configuration.GetSection("AzureAd");
        if (!section.GetChildren().Any(c => !string.IsNullOrWhiteSpace(c.Value)))
            return [];
        var problems = Required.Where(key => string.IsNullOrWhiteSpace(section[key]))
            .Select(key => $"AzureAd:{key} is missing: Entra ID sign-in needs AzureAd:TenantId and AzureAd:ClientId (remove every AzureAd setting to use local sign-in).")
            .ToList();
        if (section["Instance"] is { Length: > 0 } instance && (!Uri.TryCreate(instance, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps))
            problems.Add($"AzureAd:Instance must be an https URL such as https://login.microsoftonline.com/ (it is '{instance}').");
        if (section["TenantId"] is { Length: > 0 } tenant && tenant.Trim() is "common" or "organizations" or "consumers")
            problems.Add("AzureAd:TenantId must name your tenant (its id or domain): this API serves one organisation.");
        return problems;
    }
}
