using System.Diagnostics;

namespace SmimeAddin.Benchmarks;

/// <summary>Runs an operation for a while (at least a few times) and reports its rate and latency percentiles.</summary>
internal static class Measure
{
    public sealed record Figures(int Count, double PerSecond, double MeanMs, double P50Ms, double P99Ms);

    public static async Task<Figures> RunAsync(Func<Task> operation, TimeSpan duration, int minimum = 5)
    {
        var latencies = new List<double>();
        var total = Stopwatch.StartNew();
        while (total.Elapsed < duration || latencies.Count < minimum)
        {
            var one = Stopwatch.StartNew();
            await operation();
            latencies.Add(one.Elapsed.TotalMilliseconds);
        }
        latencies.Sort();
        return new(latencies.Count, latencies.Count / total.Elapsed.TotalSeconds, latencies.Average(),
            Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    public static Figures Run(Action operation, TimeSpan duration) =>
        RunAsync(() => { operation(); return Task.CompletedTask; }, duration).GetAwaiter().GetResult();

    public static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
