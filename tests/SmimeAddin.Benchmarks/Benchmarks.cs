using SmimeAddin.Tests.Support;

namespace SmimeAddin.Benchmarks;

/// <summary>Figures for docs/benchmarks.md: readiness checks through the real app, verdict rates, Exchange cmdlet calls per
/// look-up (alone with <c>exchange</c>); with <c>load</c>, many users against real app processes; with <c>faults</c>, provisioning through a
/// throttled and broken directory; with <c>hostile</c>, files made to cost work through the inspect route; with <c>lifecycle</c>, one expiry scan of 1,000 contacts. A named entry point, because the API's own Program class is the one
/// WebApplicationFactory hosts.</summary>
internal static class Benchmarks
{
    public static async Task<int> Main(string[] args)
    {
        // WebApplicationFactory finds a test project's content root from a manifest the test SDK writes; a console
        // harness tells it where the API lives instead.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_SMIMEADDIN_API", Path.Combine(Repository.Root, "api"));
        var mode = args.FirstOrDefault() ?? "";
        Console.WriteLine($"SmimeAddin benchmarks{(mode.Length > 0 ? ", " + mode : "")}, {DateTime.UtcNow:yyyy-MM-dd}, " +
            $"{Environment.ProcessorCount} cores, .NET {Environment.Version}");
        Console.WriteLine();
        try
        {
            switch (mode)
            {
                case "":
                    await ReadinessBenchmark.RunAsync();
                    VerdictBenchmark.Run();
                    await ExchangeCallsBenchmark.RunAsync();
                    PaneBudget.Run(Repository.Root);
                    await PaneTiming.RunAsync(Repository.Root);
                    return 0;
                case "load":
                    await LoadRun.RunAsync();
                    return 0;
                case "faults":
                    return await FaultRun.RunAsync() ? 0 : 1;
                case "exchange":
                    await ExchangeCallsBenchmark.RunAsync();
                    return 0;
                case "lifecycle":
                    await ExpiryScanBenchmark.RunAsync();
                    return 0;
                case "hostile":
                    await HostileFilesBenchmark.RunAsync();
                    return 0;
                default:
                    Console.Error.WriteLine("usage: dotnet run -c Release --project tests/SmimeAddin.Benchmarks [-- load | -- faults | -- hostile | -- exchange | -- lifecycle]");
                    return 2;
            }
        }
        finally
        {
            // The throwaway PostgreSQL cluster, if a run started one; its watchdog would stop it too, a moment later.
            await TestPostgres.StopAsync();
        }
    }
}
