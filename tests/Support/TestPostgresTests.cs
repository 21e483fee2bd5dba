using System.Globalization;
using System.Runtime.Versioning;
using Npgsql;

namespace SmimeAddin.Tests.Support;

public sealed class TestPostgresTests
{
    [Fact]
    public async Task EachTestGetsADatabaseOfItsOwn()
    {
        var first = await TestPostgres.CreateDatabaseAsync();
        var second = await TestPostgres.CreateDatabaseAsync();
        try
        {
            Assert.NotEqual(new NpgsqlConnectionStringBuilder(first).Database, new NpgsqlConnectionStringBuilder(second).Database);
            await using var connection = new NpgsqlConnection(second);
            await connection.OpenAsync();
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(first);
            await TestPostgres.DropDatabaseAsync(second);
        }
    }

    /// <summary>The test above in a test run of its own, with a temp folder of its own to find its cluster in and no
    /// server named, so it starts a cluster. The cluster's watchdog watches this process rather than that run's, so
    /// that what stops the cluster before the run ends can only be the run itself.</summary>
    [Fact, SupportedOSPlatform("linux")]
    public async Task ARunStopsTheClusterItStartedBeforeItEnds()
    {
        var temp = System.IO.Directory.CreateTempSubdirectory("smimeaddin-run-").FullName;
        // Run as root, the cluster belongs to the postgres user, who must get through to its folder in here.
        File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        try
        {
            var run = Repository.RunAsync("dotnet",
                $"test \"{typeof(TestPostgresTests).Assembly.Location}\" --filter \"FullyQualifiedName={typeof(TestPostgresTests).FullName}.{nameof(EachTestGetsADatabaseOfItsOwn)}\"",
                temp, TimeSpan.FromMinutes(3), new Dictionary<string, string>
                {
                    ["TMPDIR"] = temp,
                    [TestPostgres.ServerVariable] = "",
                    [TestPostgres.OwnerVariable] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
                });
            await AssertStartsAClusterAsync(temp, run);

            var (exitCode, output) = await run;

            Assert.True(exitCode == 0, output);
            Assert.Empty(System.IO.Directory.GetDirectories(temp, "smimeaddin-pg-*"));
            Assert.Empty(ThrowawayPostgresTests.ProcessesNaming(temp));
        }
        finally
        {
            foreach (var left in System.IO.Directory.GetDirectories(temp, "smimeaddin-pg-*"))
                await ThrowawayPostgres.StopAsync(left);
            System.IO.Directory.Delete(temp, recursive: true);
        }
    }

    private static async Task AssertStartsAClusterAsync(string temp, Task<(int ExitCode, string Output)> run)
    {
        for (; !run.IsCompleted; await Task.Delay(20))
            if (ThrowawayPostgresTests.Watchdogs(temp).Count > 0)
                return;
        Assert.Fail($"The run started no cluster:\n{(await run).Output}");
    }
}
