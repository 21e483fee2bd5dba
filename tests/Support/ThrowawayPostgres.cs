namespace SmimeAddin.Tests.Support;

/// <summary>A PostgreSQL cluster of its own in a temp folder, from tests/Support/throwaway-postgres, on behalf of an
/// owner process. Disposing stops it and removes its folder; if the owner ends first, however it ends, the script's
/// watchdog does the same within seconds.</summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private static readonly string Script = Path.Combine(Repository.Root, "tests", "Support", "throwaway-postgres");

    private ThrowawayPostgres(string folder, string connectionString)
    {
        Folder = folder;
        ConnectionString = connectionString;
    }

    /// <summary>The cluster's folder, named <c>smimeaddin-pg-*</c> in the temp folder: its data, socket and logs.</summary>
    public string Folder { get; }

    public string ConnectionString { get; }

    public static async Task<ThrowawayPostgres> StartAsync(int ownerProcessId)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"smimeaddin-pg-{Guid.NewGuid():N}");
        var (exitCode, output) = await Repository.RunAsync(Script, $"start \"{folder}\" {ownerProcessId}", Repository.Root, TimeSpan.FromMinutes(2));
        if (exitCode != 0)
            throw new InvalidOperationException($"No PostgreSQL server for the tests: set {TestPostgres.ServerVariable} or install Debian's postgresql package. {output}");
        return new(folder, output.Trim().Split('\n')[^1]);
    }

    /// <summary>Stops the cluster and removes its folder; a cluster already gone is fine.</summary>
    public ValueTask DisposeAsync() => new(StopAsync(Folder));

    /// <summary>Stops the cluster in <paramref name="folder"/> and removes the folder. Bounded: the script gives the
    /// server 10 seconds before killing it, and is itself given 30.</summary>
    public static async Task StopAsync(string folder)
    {
        var (exitCode, output) = await Repository.RunAsync(Script, $"stop \"{folder}\"", Repository.Root, TimeSpan.FromSeconds(30));
        if (exitCode != 0)
            throw new InvalidOperationException($"The PostgreSQL cluster in {folder} did not stop: {output}");
    }
}
