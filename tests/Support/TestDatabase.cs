using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SmimeAddin.Data;

namespace SmimeAddin.Tests.Support;

/// <summary>A SQLite database file of its own in a temp folder, migrated like the app's; contexts on it as the
/// app's <see cref="IDbContextFactory{AppDbContext}"/> makes them. Unpooled, so the folder can go at the end.</summary>
public sealed class TestDatabase : IDbContextFactory<AppDbContext>, IDisposable
{
    private readonly IInterceptor[] interceptors;

    private TestDatabase(string folder, IInterceptor[] interceptors)
    {
        Folder = folder;
        this.interceptors = interceptors;
    }

    public string Folder { get; }

    public string ConnectionString => $"Data Source={Path.Combine(Folder, DataSetup.SqliteFileName)};Pooling=False";

    public static TestDatabase Empty() => new(System.IO.Directory.CreateTempSubdirectory("smimeaddin-db-").FullName, []);

    public static async Task<TestDatabase> MigratedAsync()
    {
        var database = Empty();
        await using var db = database.CreateDbContext();
        await db.Database.MigrateAsync();
        return database;
    }

    /// <summary>Another factory on the same file, as a second process would have, with its own interceptors.</summary>
    public TestDatabase With(params IInterceptor[] added) => new(Folder, [.. interceptors, .. added]);

    public AppDbContext CreateDbContext() =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseSqlite(ConnectionString).AddInterceptors(interceptors).Options);

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Folder, recursive: true); }
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
