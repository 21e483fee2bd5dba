using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.Hosting;

public sealed class HealthTests
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task HealthEndpointsAnswerWithoutSignIn(string path)
    {
        using var factory = new ApiFactory();

        var response = await factory.CreateClient().GetAsync(path);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task LandingPageSpeaksTheReadersLanguage()
    {
        using var factory = new ApiFactory();
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.AcceptLanguage.ParseAdd("fr");

        var page = await (await factory.CreateClient().SendAsync(request)).Content.ReadAsStringAsync();

        Assert.Contains("<html lang=\"fr\">", page);
        Assert.Contains("href=\"/swagger\"", page);
        Assert.Contains("href=\"/addin/manifest.xml\"", page);
        Assert.Contains("href=\"/taskpane.html\"", page);
    }
}
