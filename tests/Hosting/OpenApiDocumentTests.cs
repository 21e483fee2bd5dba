using System.Text.Json;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.Hosting;

public sealed class OpenApiDocumentTests
{
    private static readonly string ValidatorFolder = Path.Combine(Repository.Root, "tests", "OpenApi");

    [Fact]
    public async Task OpenApiDocumentPassesTheOfficialSchemaValidator()
    {
        using var factory = new ApiFactory();
        var document = await factory.CreateClient().GetStringAsync("/swagger/v1/swagger.json");
        var path = Path.Combine(factory.DataDirectory, "openapi.json");
        await File.WriteAllTextAsync(path, document);
        await EnsureValidatorInstalledAsync();

        var (exitCode, output) = await Repository.RunAsync("node", $"validate.mjs \"{path}\"", ValidatorFolder, TimeSpan.FromMinutes(1));

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task OpenApiDocumentDeclaresTheBearerSchemeForEveryApiRoute()
    {
        using var factory = new ApiFactory();

        var document = JsonDocument.Parse(await factory.CreateClient().GetStringAsync("/swagger/v1/swagger.json")).RootElement;

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/certificates/inspect", out _));
    }

    [Theory]
    [InlineData("/api/recipients/check")]
    [InlineData("/api/certificates/inspect")]
    [InlineData("/api/contact-requests")]
    public async Task RateLimitedRoutesDeclareTheirRefusal(string path)
    {
        using var factory = new ApiFactory();

        var document = JsonDocument.Parse(await factory.CreateClient().GetStringAsync("/swagger/v1/swagger.json")).RootElement;

        var responses = document.GetProperty("paths").GetProperty(path).GetProperty("post").GetProperty("responses");
        Assert.True(responses.TryGetProperty("429", out _), $"{path} declares 429");
    }

    [Fact]
    public async Task SwaggerUiIsServed()
    {
        using var factory = new ApiFactory();

        var page = await factory.CreateClient().GetStringAsync("/swagger/index.html");

        Assert.Contains("swagger-ui", page);
    }

    private static async Task EnsureValidatorInstalledAsync()
    {
        // One command runs every test on a fresh machine: install the pinned validator the first time.
        if (System.IO.Directory.Exists(Path.Combine(ValidatorFolder, "node_modules", "@seriousme")))
            return;
        var (exitCode, output) = await Repository.RunAsync("npm", "ci --no-audit --no-fund", ValidatorFolder, TimeSpan.FromMinutes(3));
        Assert.True(exitCode == 0, "npm ci failed in tests/OpenApi: " + output);
    }
}
