using System.Diagnostics;
using SmimeAddin.Tests.Directory.ExchangeOnline;

namespace SmimeAddin.Benchmarks;

/// <summary>What goes wrong during the fault run, and when (seconds after the first approval; approvals go on for 20 s):
/// a burst of throttling, one instance stopped and started again, a long outage that spends some requests' attempts,
/// and a last short burst of throttling. Each event is printed when it happens.</summary>
internal static class FaultSchedule
{
    private static readonly TimeSpan SuggestedBackoff = TimeSpan.FromMilliseconds(500);

    private sealed record Fault(double At, string What, Func<Task> Do);

    public static async Task RunAsync(TestExchange exchange, FaultCluster cluster, Stopwatch clock)
    {
        Fault[] faults =
        [
            new(1, "throttling on: every cmdlet call refused, Exchange suggests 0.5 s", Do(() => exchange.Throttle(int.MaxValue, SuggestedBackoff))),
            new(3, "throttling off", Do(() => exchange.Throttle(0, SuggestedBackoff))),
            new(5, "instance 2 stopped in the middle of provisioning a request", () => cluster.StopWhileProvisioningAsync(1)),
            new(7, "outage: every call and every connection fails with 503", Do(() => exchange.Unavailable = true)),
            new(10, "instance 2 started again", Do(() => cluster.Start(1))),
            new(14, "outage over", Do(() => exchange.Unavailable = false)),
            new(17, "throttling on", Do(() => exchange.Throttle(int.MaxValue, SuggestedBackoff))),
            new(18, "throttling off", Do(() => exchange.Throttle(0, SuggestedBackoff))),
        ];
        foreach (var fault in faults)
        {
            await FaultRun.Until(clock, TimeSpan.FromSeconds(fault.At));
            await fault.Do();
            Console.WriteLine($"  {clock.Elapsed.TotalSeconds,5:F1} s  {fault.What}");
        }
    }

    private static Func<Task> Do(Action change) => () =>
    {
        change();
        return Task.CompletedTask;
    };
}
