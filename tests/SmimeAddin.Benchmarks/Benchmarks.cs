namespace SmimeAddin.Benchmarks;

/// <summary>Figures for the README: readiness checks through the real app, verdict rates, Exchange cmdlet calls per
/// look-up. A named entry point, because the API's own Program class is the one WebApplicationFactory hosts.</summary>
internal static class Benchmarks
{
    public static async Task Main()
    {
        // WebApplicationFactory finds a test project's content root from a manifest the test SDK writes; a console
        // harness tells it where the API lives instead.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_SMIMEADDIN_API", Path.Combine(RepositoryRoot(), "api"));
        Console.WriteLine($"SmimeAddin benchmarks, {DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        Console.WriteLine();
        await ReadinessBenchmark.RunAsync();
        VerdictBenchmark.Run();
        await ExchangeCallsBenchmark.RunAsync();
        PaneBudget.Run(RepositoryRoot());
        await PaneTiming.RunAsync(RepositoryRoot());
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "SmimeAddin.sln")))
                return folder.FullName;
        throw new InvalidOperationException("Run the benchmarks from the repository: SmimeAddin.sln not found above " + AppContext.BaseDirectory);
    }
}
