using Npgsql;

namespace SmimeAddin.Tests.Support;

/// <summary>The PostgreSQL server the tests use: the one named by <c>SMIMEADDIN_TEST_POSTGRES</c> (a connection string
/// with rights to create databases; <c>.ci/run</c> starts a throwaway cluster and sets it), or else a
/// <see cref="ThrowawayPostgres"/> this process starts the first time a test asks for a database, owns, and stops with
/// <see cref="StopAsync"/> when the run ends (or leaves to the cluster's watchdog if the process is killed first). Each
/// test gets a database of its own.</summary>
public static class TestPostgres
{
    public const string ServerVariable = "SMIMEADDIN_TEST_POSTGRES";

    /// <summary>The process whose end stops a throwaway cluster if nothing stopped it before: this one, unless this
    /// variable names another (a test that runs the tests names itself, so the cluster of the run it starts outlives
    /// that run's process if the run fails to stop it).</summary>
    public const string OwnerVariable = "SMIMEADDIN_TEST_POSTGRES_OWNER";

    private static readonly Lazy<string> Server = new(StartOrFind, LazyThreadSafetyMode.ExecutionAndPublication);
    private static ThrowawayPostgres? started;

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

    /// <summary>Stops the cluster this process started, if it started one: the test framework calls it once the last
    /// test has run (<c>TestRunFramework</c>), the benchmarks as they end.</summary>
    public static async Task StopAsync()
    {
        if (Interlocked.Exchange(ref started, null) is { } cluster)
            await cluster.DisposeAsync();
    }

    private static string StartOrFind()
    {
        if (Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } configured)
            return configured;
        var owner = int.TryParse(Environment.GetEnvironmentVariable(OwnerVariable), out var named) ? named : Environment.ProcessId;
        started = ThrowawayPostgres.StartAsync(owner).GetAwaiter().GetResult();
        return started.ConnectionString;
    }
}
