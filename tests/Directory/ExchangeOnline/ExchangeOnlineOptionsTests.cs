using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmimeAddin.Directory;
using SmimeAddin.Directory.ExchangeOnline;

namespace SmimeAddin.Tests.Directory.ExchangeOnline;

public sealed class ExchangeOnlineOptionsTests
{
    [Fact]
    public void ACompleteConfigurationRegistersTheAdapterAsTheDirectory()
    {
        using var exchange = new TestExchange();
        using var provider = Services(Settings(exchange));

        Assert.IsType<ExchangeOnlineDirectory>(provider.GetRequiredService<IDirectory>());
    }

    [Fact]
    public void AnOrganizationWithoutAppIdOrCertificateFailsWithASentenceForEach()
    {
        using var provider = Services(new() { ["ExchangeOnline:Organization"] = "contoso.onmicrosoft.com" });

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ExchangeOnlineOptions>>().Value);

        Assert.Contains(failure.Failures, f => f.StartsWith("ExchangeOnline:AppId is required"));
        Assert.Contains(failure.Failures, f => f.StartsWith("ExchangeOnline:CertificatePath is required"));
    }

    [Fact]
    public void AWrongCertificatePasswordFailsAtStart()
    {
        using var exchange = new TestExchange();
        var settings = Settings(exchange);
        settings["ExchangeOnline:CertificatePassword"] = "not the password";
        using var provider = Services(settings);

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ExchangeOnlineOptions>>().Value);

        Assert.Contains(failure.Failures, f => f.Contains("could not be opened as a .pfx"));
    }

    [Fact]
    public void AModulePathWithoutTheModuleSaysHowToSaveItThere()
    {
        using var exchange = new TestExchange();
        var settings = Settings(exchange);
        settings["ExchangeOnline:ModulePath"] = Path.GetTempPath();
        using var provider = Services(settings);

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ExchangeOnlineOptions>>().Value);

        Assert.Contains(failure.Failures, f => f.Contains("Save-Module ExchangeOnlineManagement -Path"));
    }

    [Theory]
    [InlineData("ExchangeOnline:CallRetryBudget", "00:01:01")]
    [InlineData("ExchangeOnline:CallRetryBudget", "-00:00:01")]
    [InlineData("ExchangeOnline:BackgroundCallRetryBudget", "00:10:01")]
    public void ARetryBudgetOutOfRangeFailsAtStart(string key, string value)
    {
        using var exchange = new TestExchange();
        var settings = Settings(exchange);
        settings[key] = value;
        using var provider = Services(settings);

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ExchangeOnlineOptions>>().Value);

        Assert.Contains(failure.Failures, f => f.Contains(key.Split(':')[1]));
    }

    [Fact]
    public void TheRetryBudgetsDefaultToFiveSecondsForAUserAndThirtyForBackgroundWork()
    {
        using var exchange = new TestExchange();
        using var provider = Services(Settings(exchange));

        var options = provider.GetRequiredService<IOptions<ExchangeOnlineOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(5), options.CallRetryBudget);
        Assert.Equal(TimeSpan.FromSeconds(30), options.BackgroundCallRetryBudget);
    }

    [Theory]
    [InlineData("ExchangeOnline:AppId", true)]
    [InlineData("ExchangeOnline:Organization", true)]
    [InlineData("ExchangeOnline:ModulePath", false)]
    public void EitherAppIdOrOrganizationSelectsExchangeOnline(string key, bool selected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = "x" }).Build();

        Assert.Equal(selected, configuration.UsesExchangeOnline());
    }

    [Theory]
    [InlineData("49", false)]
    [InlineData("50", true)]
    [InlineData("200", true)]
    [InlineData("201", false)]
    [InlineData("500", false)]
    public void ALookupChunkSizeIsAcceptedFrom50To200AddressesSoAFilterStaysUnderExchanges250SubFilters(string chunkSize, bool accepted)
    {
        using var exchange = new TestExchange();
        var settings = Settings(exchange);
        settings["ExchangeOnline:LookupChunkSize"] = chunkSize;
        using var provider = Services(settings);

        var read = Record.Exception(() => provider.GetRequiredService<IOptions<ExchangeOnlineOptions>>().Value);

        if (accepted)
            Assert.Null(read);
        else
            Assert.Contains(Assert.IsType<OptionsValidationException>(read).Failures, f => f.Contains("LookupChunkSize") && f.Contains("between 50 and 200"));
    }

    private static Dictionary<string, string?> Settings(TestExchange exchange) => new()
    {
        ["ExchangeOnline:AppId"] = exchange.AppId,
        ["ExchangeOnline:Organization"] = exchange.Organization,
        ["ExchangeOnline:CertificatePath"] = exchange.CertificatePath,
        ["ExchangeOnline:CertificatePassword"] = exchange.CertificatePassword,
        ["ExchangeOnline:ModulePath"] = TestExchange.ModulePath,
    };

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddExchangeOnlineDirectory();
        return services.BuildServiceProvider();
    }
}
