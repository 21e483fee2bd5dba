using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmimeAddin.Lifecycle;

namespace SmimeAddin.Tests.Lifecycle;

/// <summary>Section Lifecycle as an operator writes it.</summary>
public sealed class LifecycleOptionsTests
{
    private static LifecycleOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLifecycle().BuildServiceProvider();
        return services.GetRequiredService<IOptions<LifecycleOptions>>().Value;
    }

    [Fact]
    public void WithoutWarnDaysTheWarningsComeAt30And7Days() =>
        Assert.Equal([30, 7], Bind([]).Thresholds);

    [Fact]
    public void WarnDaysGivenReplaceTheDefaultRatherThanAddToIt() =>
        Assert.Equal([14], Bind(new() { ["Lifecycle:WarnDays:0"] = "14" }).Thresholds);

    [Fact]
    public void WarnDaysOutside1To365AreRefusedAtStart()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Bind(new() { ["Lifecycle:WarnDays:0"] = "0" }));

        Assert.Contains(failure.Failures, f => f.StartsWith("Lifecycle:WarnDays lists"));
    }
}
