using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SmimeAddin.Audit;
using SmimeAddin.Data;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.Audit;

/// <summary>The database itself keeps the audit log append-only, whatever code (or person) connects to it.</summary>
public sealed class AuditAppendOnlyTests
{
    private static async Task<TestDatabase> WithOneEventAsync(DatabaseKind kind)
    {
        var database = await TestDatabase.MigratedAsync(kind);
        await using var db = database.CreateDbContext();
        db.Record(DateTimeOffset.UtcNow, "ada.admin@contoso.example", "TrustedIssuersAdded", AuditLog.Outcomes.Succeeded, details: "added: AB12");
        await db.SaveChangesAsync();
        return database;
    }

    private static async Task<AuditEvent> TheEventAsync(TestDatabase database)
    {
        await using var db = database.CreateDbContext();
        return await db.AuditEvents.AsNoTracking().SingleAsync();
    }

    [Theory, MemberData(nameof(TestDatabase.Kinds), MemberType = typeof(TestDatabase))]
    public async Task AnAuditEventCannotBeUpdated(DatabaseKind kind)
    {
        await using var database = await WithOneEventAsync(kind);
        await using var db = database.CreateDbContext();

        var refused = await Assert.ThrowsAnyAsync<DbException>(() =>
            db.AuditEvents.ExecuteUpdateAsync(set => set.SetProperty(e => e.Details, "nothing happened")));

        Assert.Contains("AuditEvents is append-only", refused.Message);
        Assert.Equal("added: AB12", (await TheEventAsync(database)).Details);
    }

    [Theory, MemberData(nameof(TestDatabase.Kinds), MemberType = typeof(TestDatabase))]
    public async Task AnAuditEventCannotBeDeleted(DatabaseKind kind)
    {
        await using var database = await WithOneEventAsync(kind);
        await using var db = database.CreateDbContext();

        var refused = await Assert.ThrowsAnyAsync<DbException>(() => db.AuditEvents.ExecuteDeleteAsync());

        Assert.Contains("AuditEvents is append-only", refused.Message);
        Assert.NotNull(await TheEventAsync(database));
    }

    [Fact]
    public async Task TheAuditTableCannotBeTruncatedOnPostgreSql()
    {
        await using var database = await WithOneEventAsync(DatabaseKind.PostgreSql);
        await using var db = database.CreateDbContext();

        var refused = await Assert.ThrowsAnyAsync<DbException>(() => db.Database.ExecuteSqlRawAsync("TRUNCATE \"AuditEvents\""));

        Assert.Contains("AuditEvents is append-only", refused.Message);
        Assert.NotNull(await TheEventAsync(database));
    }

    [Theory, MemberData(nameof(TestDatabase.Kinds), MemberType = typeof(TestDatabase))]
    public async Task RevertingTheAppendOnlyMigrationLetsAuditEventsBeDeletedAgain(DatabaseKind kind)
    {
        await using var database = await WithOneEventAsync(kind);
        await using var db = database.CreateDbContext();

        await db.GetService<IMigrator>().MigrateAsync("SharedState");

        Assert.Equal(1, await db.AuditEvents.ExecuteDeleteAsync());
    }
}
