using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SmimeAddin.Data;

namespace SmimeAddin.Tests.Support;

/// <summary>The two databases the app runs on, for tests that run on both.</summary>
public enum DatabaseKind { Sqlite, PostgreSql }

/// <summary>A database of its own: a SQLite file in a temp folder, or a fresh database on the tests' PostgreSQL server;
/// contexts on it as the app's <see cref="IDbContextFactory{AppDbContext}"/> makes them. Unpooled on SQLite, so the
/// folder can go at the end.</summary>
public sealed class TestDatabase : IDbContextFactory<AppDbContext>, IAsyncDisposable, IDisposable
{
    private readonly IInterceptor[] interceptors;
    private readonly string? folder;

    private TestDatabase(DatabaseKind kind, string connectionString, string? folder, IInterceptor[] interceptors)
    {
        Kind = kind;
        ConnectionString = connectionString;
        this.folder = folder;
        this.interceptors = interceptors;
    }

    public DatabaseKind Kind { get; }

    /// <summary>Both databases, for a theory that must hold on each.</summary>
    public static TheoryData<DatabaseKind> Kinds => [DatabaseKind.Sqlite, DatabaseKind.PostgreSql];

    /// <summary>The SQLite file's folder.</summary>
    public string Folder => folder ?? throw new InvalidOperationException("A PostgreSQL database has no folder.");

    public string ConnectionString { get; }

    /// <summary>The <c>Database:Provider</c> value the app takes for this database.</summary>
    public string Provider => Kind == DatabaseKind.PostgreSql ? DatabaseOptions.PostgreSql : DatabaseOptions.Sqlite;

    public static TestDatabase Empty()
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("smimeaddin-db-").FullName;
        return new(DatabaseKind.Sqlite, $"Data Source={Path.Combine(folder, DataSetup.SqliteFileName)};Pooling=False", folder, []);
    }

    public static async Task<TestDatabase> EmptyAsync(DatabaseKind kind) =>
        kind == DatabaseKind.Sqlite ? Empty() : new(kind, await TestPostgres.CreateDatabaseAsync(), null, []);

    public static Task<TestDatabase> MigratedAsync() => MigratedAsync(DatabaseKind.Sqlite);

    public static async Task<TestDatabase> MigratedAsync(DatabaseKind kind)
    {
        var database = await EmptyAsync(kind);
        await using var db = database.CreateDbContext();
        await db.Database.MigrateAsync();
        return database;
    }

    /// <summary>Another factory on the same database, as a second process would have, with its own interceptors.</summary>
    public TestDatabase With(params IInterceptor[] added) => new(Kind, ConnectionString, folder, [.. interceptors, .. added]);

    public AppDbContext CreateDbContext()
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        if (Kind == DatabaseKind.PostgreSql)
            options.UseNpgsql(ConnectionString);
        else
            options.UseSqlite(ConnectionString);
        return new(options.AddInterceptors(interceptors).Options);
    }

    public async ValueTask DisposeAsync()
    {
        if (Kind == DatabaseKind.PostgreSql)
            await TestPostgres.DropDatabaseAsync(ConnectionString);
        Dispose();
    }

    public void Dispose()
    {
        if (folder is null)
            return;
        try { System.IO.Directory.Delete(folder, recursive: true); }
        catch (IOException) { } // a file still held open only leaves a temp folder behind
    }
}

/// <summary>Counts the queries EF sends (readers and scalars), to check how many calls an operation costs.</summary>
public sealed class QueryCounter : DbCommandInterceptor
{
    private int count;

    public int Count => count;

    public override ValueTask<InterceptionResult<System.Data.Common.DbDataReader>> ReaderExecutingAsync(System.Data.Common.DbCommand command,
        CommandEventData eventData, InterceptionResult<System.Data.Common.DbDataReader> result, CancellationToken ct = default)
    {
        Interlocked.Increment(ref count);
        return base.ReaderExecutingAsync(command, eventData, result, ct);
    }
}
