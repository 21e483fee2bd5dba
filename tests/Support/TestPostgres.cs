using Npgsql;

namespace SmimeAddin.Tests.Support;

/// <summary>The PostgreSQL server the tests use: the one named by <c>SMIMEADDIN_TEST_POSTGRES</c> (a connection string
/// with rights to create databases; <c>.ci/run</c> starts a throwaway cluster and sets it), or else a throwaway cluster
/// this test run starts itself with tests/Support/throwaway-postgres and stops when it ends. Each test gets a database
/// of its own.</summary>
public static class TestPostgres
{
    public const string ServerVariable = "SMIMEADDIN_TEST_POSTGRES";

    private static readonly Lazy<string> Server = new(StartOrFind, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A new, empty database on the server; its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var name = $"smime_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(Server.Value))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(Server.Value) { Database = name }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(Server.Value);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static string StartOrFind()
    {
        if (Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } configured)
            return configured;
        var folder = Path.Combine(Path.GetTempPath(), $"smimeaddin-pg-{Guid.NewGuid():N}");
        var script = Path.Combine(Repository.Root, "tests", "Support", "throwaway-postgres");
        var (exitCode, output) = Repository.RunAsync(script, $"start \"{folder}\"", Repository.Root, TimeSpan.FromMinutes(2)).GetAwaiter().GetResult();
        if (exitCode != 0)
            throw new InvalidOperationException($"No PostgreSQL server for the tests: set {ServerVariable} or install Debian's postgresql package. {output}");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            Repository.RunAsync(script, $"stop \"{folder}\"", Repository.Root, TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
            try { System.IO.Directory.Delete(folder, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // owned by postgres when run as root
        };
        return output.Trim().Split('\n')[^1];
    }
}
