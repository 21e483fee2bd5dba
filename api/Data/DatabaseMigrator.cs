using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace SmimeAddin.Data;

/// <summary>Applies pending migrations, then the configured seeding (EF runs UseSeeding inside Migrate), before the
/// app serves. EF holds a database-wide lock meanwhile, so processes starting together migrate and seed once.</summary>
public sealed class DatabaseMigrator(IDbContextFactory<AppDbContext> contexts, IOptions<DatabaseOptions> options,
    ILogger<DatabaseMigrator> log) : IHostedService
{
    // What opening a file another holds with FileShare.None fails with: ERROR_SHARING_VIOLATION on Windows; on Unix,
    // where .NET takes an flock, EWOULDBLOCK (11 on Linux, 35 on macOS).
    private static readonly HashSet<int> FileLocked = [unchecked((int)0x80070020), 11, 35];

    public Task StartAsync(CancellationToken ct) => options.Value.MigrateOnStart ? MigrateAsync(ct) : Task.CompletedTask;

    public async Task MigrateAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var migrating = await LockAsync(db, ct);
        await db.Database.MigrateAsync(ct);
    }

    /// <summary>Holds off every other process migrating this database until disposed; null for an in-memory SQLite
    /// database, which no other process can reach.</summary>
    private async Task<IAsyncDisposable?> LockAsync(AppDbContext db, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
            return await PostgreSqlLock.TakeAsync(db, ct);
        if (db.Database.GetDbConnection() is not SqliteConnection { DataSource: { Length: > 0 } file } || file == ":memory:")
            return null;
        var fileLock = await LockFileAsync(file + ".migration-lock", ct);
        try
        {
            await ClearAbandonedSqliteLockAsync(db, ct);
            return fileLock;
        }
        catch
        {
            await fileLock.DisposeAsync();
            throw;
        }
    }

    /// <summary>On PostgreSQL, EF's migration lock is a table lock that each migration's transaction releases, so a
    /// second instance starting meanwhile applies the next migration again. A session advisory lock on the context's
    /// connection (opened here, so EF keeps it open) holds for the whole run, and the server drops it with the session if
    /// this process dies.</summary>
    private sealed class PostgreSqlLock(AppDbContext db) : IAsyncDisposable
    {
        /// <summary>Any constant other apps on the server do not use.</summary>
        private const long Key = 0x536D696D65; // "Smime"

        public static async Task<PostgreSqlLock> TakeAsync(AppDbContext db, CancellationToken ct)
        {
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({Key})", ct);
            return new(db);
        }

        // The connection goes back to the pool still open, and the lock with it, unless released here.
        public async ValueTask DisposeAsync() => await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({Key})");
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>On SQLite, EF's migration lock is a row in __EFMigrationsLock that a process killed while migrating
    /// leaves behind, and every later Migrate then waits for it forever (dotnet/efcore#38958). An OS file lock, which
    /// the OS releases when its process dies, guards migrating instead: a row found while holding it is abandoned.</summary>
    private static async Task<FileStream> LockFileAsync(string path, CancellationToken ct)
    {
        while (true)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException e) when (FileLocked.Contains(e.HResult))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), ct); // another process is migrating this database
            }
        }
    }

    private async Task ClearAbandonedSqliteLockAsync(AppDbContext db, CancellationToken ct)
    {
        var tables = await db.Database.SqlQuery<int>($"SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsLock'")
            .SingleAsync(ct);
        if (tables > 0 && await db.Database.ExecuteSqlAsync($"DELETE FROM \"__EFMigrationsLock\"", ct) > 0)
            log.LogWarning("Removed a migration lock left by a process that stopped while migrating the database.");
    }
}
