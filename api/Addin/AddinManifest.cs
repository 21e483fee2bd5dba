using System.Xml.Linq;

namespace SmimeAddin.Addin;

/// <summary>The checked-in manifest made this deployment's: its origin instead of https://localhost:5081, its add-in
/// id, and, in a tenant, the API's Entra application for single sign-on.</summary>
public static class AddinManifest
{
    public const string DevelopmentOrigin = "https://localhost:5081";

    private static readonly XNamespace OfficeApp = "http://schemas.microsoft.com/office/appforoffice/1.1";
    private static readonly XNamespace Overrides11 = "http://schemas.microsoft.com/office/mailappversionoverrides/1.1";

    public static XDocument CheckedIn()
    {
        using var stream = typeof(AddinManifest).Assembly.GetManifestResourceStream("SmimeAddin.Addin.manifest.xml")
            ?? throw new InvalidOperationException("The add-in manifest is not embedded in the app.");
        return XDocument.Load(stream);
    }

    public static XDocument For(string origin, string addinId, string? entraClientId)
    {
        var manifest = CheckedIn();
        manifest.DescendantNodes().OfType<XComment>().Remove(); // they describe the checked-in, localhost copy
        origin = origin.TrimEnd('/');
        foreach (var attribute in manifest.Descendants().Attributes().Where(a => a.Value.StartsWith(DevelopmentOrigin, StringComparison.Ordinal)))
            attribute.Value = origin + attribute.Value[DevelopmentOrigin.Length..];
        foreach (var domain in manifest.Descendants(OfficeApp + "AppDomain"))
            domain.Value = origin;
        manifest.Root!.Element(OfficeApp + "Id")!.Value = addinId;
        if (entraClientId is not null)
            manifest.Descendants(Overrides11 + "VersionOverrides").Single().Element(Overrides11 + "Resources")!
                .AddAfterSelf(WebApplicationInfo(origin, entraClientId));
        return manifest;
    }

    /// <summary>The API's Application ID URI as Office SSO wants it: the add-in's own host, then the client id.</summary>
    public static string ApplicationIdUri(string origin, string clientId) => $"api://{new Uri(origin).Authority}/{clientId}";

    /// <summary>For Office SSO (legacy, the fallback when nested app authentication is missing): the API's Entra
    /// application, whose Application ID URI must be api://host/clientId for the add-in's own host.</summary>
    private static XElement WebApplicationInfo(string origin, string clientId) =>
        new(Overrides11 + "WebApplicationInfo",
            new XElement(Overrides11 + "Id", clientId),
            new XElement(Overrides11 + "Resource", ApplicationIdUri(origin, clientId)),
            new XElement(Overrides11 + "Scopes",
                new XElement(Overrides11 + "Scope", "openid"),
                new XElement(Overrides11 + "Scope", "profile")));
}
