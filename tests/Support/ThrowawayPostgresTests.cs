using System.Diagnostics;
using System.Net.Sockets;
using Npgsql;

namespace SmimeAddin.Tests.Support;

public sealed class ThrowawayPostgresTests
{
    [Fact]
    public async Task DisposingAClusterStopsItAndRemovesItsFolder()
    {
        await using var cluster = await ThrowawayPostgres.StartAsync(Environment.ProcessId);
        await AssertServesAsync(cluster);

        await cluster.DisposeAsync();

        Assert.False(System.IO.Directory.Exists(cluster.Folder));
        Assert.False(await ListensAsync(cluster));
    }

    [Fact]
    public async Task AClusterStopsOnceTheProcessThatOwnsItIsGone()
    {
        using var owner = Process.Start(new ProcessStartInfo("sleep", "600") { RedirectStandardOutput = true, RedirectStandardError = true })!;
        try
        {
            await using var cluster = await ThrowawayPostgres.StartAsync(owner.Id);
            await AssertServesAsync(cluster);

            owner.Kill();
            await owner.WaitForExitAsync();

            await AssertGoneWithinAsync(cluster, TimeSpan.FromSeconds(30));
        }
        finally
        {
            owner.Kill();
        }
    }

    [Fact]
    public async Task TheWatchdogLeavesOnceTheClusterIsStopped()
    {
        await using var cluster = await ThrowawayPostgres.StartAsync(Environment.ProcessId);
        Assert.Single(Watchdogs(cluster.Folder));

        await cluster.DisposeAsync();

        await AssertGoneWithinAsync(cluster, TimeSpan.FromSeconds(10));
    }

    /// <summary>The watchdog processes of clusters whose folder path contains <paramref name="path"/> (not the setsid
    /// that launches one, which has the same arguments for a moment).</summary>
    internal static List<int> Watchdogs(string path) =>
        [.. ProcessesNaming(path).Where(pid => CommandLine(pid) is var line && line.Contains("throwaway-postgres watch ") && !line.StartsWith("setsid"))];

    /// <summary>The processes whose command line names <paramref name="path"/>: a cluster's server names its folder, and
    /// so does its watchdog.</summary>
    internal static List<int> ProcessesNaming(string path) =>
        [.. System.IO.Directory.EnumerateDirectories("/proc")
            .Select(folder => int.TryParse(Path.GetFileName(folder), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && CommandLine(pid).Contains(path))];

    private static string CommandLine(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' '); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return ""; } // ended meanwhile
    }

    private static async Task AssertServesAsync(ThrowawayPostgres cluster)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand("SELECT 1", connection);
        Assert.Equal(1, await select.ExecuteScalarAsync());
    }

    private static async Task<bool> ListensAsync(ThrowawayPostgres cluster)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", new NpgsqlConnectionStringBuilder(cluster.ConnectionString).Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Polls until nothing is left of the cluster: no folder, no process naming it (server or watchdog), nothing
    /// listening on its port.</summary>
    private static async Task AssertGoneWithinAsync(ThrowawayPostgres cluster, TimeSpan within)
    {
        for (var deadline = DateTime.UtcNow + within; DateTime.UtcNow < deadline; await Task.Delay(100))
            if (!System.IO.Directory.Exists(cluster.Folder) && ProcessesNaming(cluster.Folder).Count == 0 && !await ListensAsync(cluster))
                return;
        Assert.False(System.IO.Directory.Exists(cluster.Folder), $"{cluster.Folder} is still there after {within}.");
        Assert.Empty(ProcessesNaming(cluster.Folder).Select(CommandLine));
        Assert.False(await ListensAsync(cluster), $"The cluster still listens after {within}.");
    }
}
