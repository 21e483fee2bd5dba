using System.Net;
using System.Xml.Linq;
using SmimeAddin.Addin;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.Addin;

public sealed class ManifestTests
{
    private static readonly string CheckedInPath = Path.Combine(Repository.Root, "addin-manifest", "manifest.xml");

    [Fact]
    public void TheCheckedInManifestPassesMicrosoftsSchemas() =>
        Assert.Empty(ManifestValidator.SchemaErrors(File.ReadAllText(CheckedInPath)));

    [Fact]
    public void TheCheckedInManifestKeepsTheRulesTheSchemasDoNotHold() =>
        Assert.Empty(ManifestValidator.RuleErrors(XDocument.Load(CheckedInPath)));

    [Fact]
    public void TheCheckedInManifestKeepsItsStableIdAndPointsAtTheLocalRun()
    {
        var manifest = File.ReadAllText(CheckedInPath);

        Assert.Contains($"<Id>{AddinOptions.CheckedInId}</Id>", manifest);
        Assert.Contains("https://localhost:5081/taskpane.html", manifest);
    }

    [Fact]
    public void TheManifestOpensTheSamePinnablePaneFromTheReadSurfaceAsFromCompose()
    {
        var manifest = XDocument.Load(CheckedInPath);
        XNamespace overrides11 = "http://schemas.microsoft.com/office/mailappversionoverrides/1.1";
        XNamespace xsi = "http://www.w3.org/2001/XMLSchema-instance";

        var surfaces = manifest.Descendants(overrides11 + "ExtensionPoint")
            .ToDictionary(e => (string)e.Attribute(xsi + "type")!, e => e.Descendants(overrides11 + "Action").Single());

        Assert.Equal(["MessageComposeCommandSurface", "MessageReadCommandSurface"], surfaces.Keys.Order());
        Assert.All(surfaces.Values, action =>
        {
            Assert.Equal("TaskpaneUrl", (string?)action.Element(overrides11 + "SourceLocation")?.Attribute("resid"));
            Assert.Equal("true", (string?)action.Element(overrides11 + "SupportsPinning"));
        });
        Assert.Contains("FormType=\"Read\"", File.ReadAllText(CheckedInPath));
    }

    [Fact]
    public void TheValidatorRejectsAnElementOutOfPlace()
    {
        var broken = File.ReadAllText(CheckedInPath).Replace("<SupportsPinning>true</SupportsPinning>", "<NotARealElement />");

        Assert.NotEmpty(ManifestValidator.SchemaErrors(broken));
    }

    [Fact]
    public void TheRulesRejectAnHttpUrlAndAnUndefinedResource()
    {
        var broken = XDocument.Parse(File.ReadAllText(CheckedInPath)
            .Replace("https://localhost:5081/addin/assets/icon-64.png", "http://localhost:5081/addin/assets/icon-64.png")
            .Replace("<Title resid=\"ButtonLabel\" />", "<Title resid=\"Missing\" />"));

        var errors = ManifestValidator.RuleErrors(broken);

        Assert.Contains("Not https: http://localhost:5081/addin/assets/icon-64.png", errors);
        Assert.Contains("Undefined resource: Missing", errors);
    }

    [Fact]
    public async Task TheServedManifestCarriesThisDeploymentsUrlsIdAndEntraApplicationAndStillPasses()
    {
        using var factory = new ApiFactory()
            .With("PublicBaseUrl", "https://smime.contoso.com")
            .With("Addin:Id", "0b6f0e0e-2a5c-4d3e-9f00-1c2d3e4f5a6b")
            .With("AzureAd:Instance", "https://login.microsoftonline.com/")
            .With("AzureAd:TenantId", "7f5c2c39-3c1c-4f8a-9a55-1b7e0c6a2f11")
            .With("AzureAd:ClientId", "0d3b1a3e-58e6-4c1b-9a1f-3c2b6d5e4f70");

        var xml = await factory.CreateClient().GetStringAsync("/addin/manifest.xml");

        Assert.Empty(ManifestValidator.SchemaErrors(xml));
        Assert.Empty(ManifestValidator.RuleErrors(XDocument.Parse(xml)));
        Assert.DoesNotContain("localhost", xml);
        Assert.Contains("<SourceLocation DefaultValue=\"https://smime.contoso.com/taskpane.html\" />", xml);
        Assert.Contains("<Id>0b6f0e0e-2a5c-4d3e-9f00-1c2d3e4f5a6b</Id>", xml);
        Assert.Contains("<Resource>api://smime.contoso.com/0d3b1a3e-58e6-4c1b-9a1f-3c2b6d5e4f70</Resource>", xml);
    }

    [Fact]
    public async Task WithoutAPublicBaseUrlTheManifestUsesTheRequestsOrigin()
    {
        using var factory = new ApiFactory();

        var xml = await factory.CreateClient().GetStringAsync("/addin/manifest.xml");

        Assert.Contains("<AppDomain>http://localhost</AppDomain>", xml);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(64)]
    [InlineData(80)]
    [InlineData(128)]
    public async Task EachIconTheManifestNamesIsServedWithoutCacheControl(int size)
    {
        using var factory = new ApiFactory();

        var response = await factory.CreateClient().GetAsync($"/addin/assets/icon-{size}.png");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(response.Headers.CacheControl);
        var png = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(size, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
    }

    [Fact]
    public void AnHttpPublicBaseUrlStopsTheAppOutsideDevelopment()
    {
        using var factory = new ApiFactory().With("PublicBaseUrl", "http://smime.contoso.com").With("environment", "Production");

        var failure = factory.StartupFailure<Microsoft.Extensions.Options.OptionsValidationException>();

        Assert.Contains("PublicBaseUrl must use https", failure.Message);
    }

    [Fact]
    public async Task TheServedManifestIsNeverStoredByACache()
    {
        using var factory = new ApiFactory();

        var response = await factory.CreateClient().GetAsync("/addin/manifest.xml");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public void EntraSignInInProductionWithoutAPublicBaseUrlStopsTheApp()
    {
        using var factory = new ApiFactory().With("environment", "Production")
            .With("AzureAd:Instance", "https://login.microsoftonline.com/")
            .With("AzureAd:TenantId", "7f5c2c39-3c1c-4f8a-9a55-1b7e0c6a2f11")
            .With("AzureAd:ClientId", "0d3b1a3e-58e6-4c1b-9a1f-3c2b6d5e4f70");

        var failure = factory.StartupFailure<Microsoft.Extensions.Options.OptionsValidationException>();

        Assert.Equal("PublicBaseUrl is required with Entra ID sign-in outside Development: set it to the https origin " +
            "Outlook reaches this app at, such as https://smime.contoso.com.", Assert.Single(failure.Failures));
    }

    [Fact]
    public async Task LocalSignInInProductionStillStartsWithoutAPublicBaseUrl()
    {
        using var factory = new ApiFactory().With("environment", "Production");

        var response = await factory.CreateClient().GetAsync("/addin/manifest.xml");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
