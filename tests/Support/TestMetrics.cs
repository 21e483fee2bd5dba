using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using SmimeAddin.Telemetry;

namespace SmimeAddin.Tests.Support;

/// <summary>The app's instruments on a meter factory of their own, for code under test built without the app.</summary>
public static class TestMetrics
{
    private static readonly IMeterFactory Meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();

    public static SmimeMetrics Create(TimeProvider? time = null) => new(Meters, time ?? TimeProvider.System);
}
