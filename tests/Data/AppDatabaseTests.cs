using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmimeAddin.Data;
using SmimeAddin.ContactRequests;
using SmimeAddin.Directory;
using SmimeAddin.Directory.Embedded;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.Data;

public sealed class AppDatabaseTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static async Task<int> CountRecipientsAsync(string databaseFile)
    {
        await using var connection = new SqliteConnection($"Data Source={databaseFile};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM DirectoryRecipients";
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task AnExistingDatabaseIsUpgradedInPlaceKeepingItsData()
    {
        using var factory = new ApiFactory().WithDemoOrganisation().With("Database:MigrateOnStart", "false");
        var file = Path.Combine(factory.DataDirectory, DataSetup.SqliteFileName);
        await using (var first = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={file};Pooling=False").Options))
        {
            // The database as the first release left it: the directory, no contact requests yet.
            await first.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync("InitialCreate");
            first.DirectoryRecipients.Add(new SmimeAddin.Directory.Embedded.EmbeddedRecipient
            {
                Kind = RecipientKind.MailContact, Name = "Kept_SMIME", NormalizedName = "kept_smime", DisplayName = "Kept",
                ExternalEmailAddress = "kept@fabrikam.example",
                Addresses = [new() { Address = "kept@fabrikam.example", NormalizedAddress = "kept@fabrikam.example", IsPrimary = true }],
            });
            await first.SaveChangesAsync();
        }
        using var upgraded = new ApiFactory().With("DataDirectory", factory.DataDirectory);

        var kept = await upgraded.Services.GetRequiredService<IDirectory>().GetRecipientAsync("Kept_SMIME", None);

        Assert.NotNull(kept);
        await using var db = await upgraded.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(0, await db.ContactRequests.CountAsync());
    }

    [Theory, MemberData(nameof(TestDatabase.Kinds), MemberType = typeof(TestDatabase))]
    public async Task MigrationsBuildTheWholeModelOnAnEmptyDatabase(DatabaseKind kind)
    {
        await using var database = await TestDatabase.EmptyAsync(kind);
        await using var db = database.CreateDbContext();

        await db.Database.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges());
        Assert.Equal(0, await db.DirectoryRecipients.CountAsync());
    }

    [Fact]
    public async Task AppStartsWithTheDemoOrganisationInItsDataFolder()
    {
        using var factory = new ApiFactory().WithDemoOrganisation();

        var ada = await factory.Services.GetRequiredService<IDirectory>().GetRecipientAsync("ada.admin@contoso.example", None);

        Assert.NotNull(ada);
        Assert.Equal(6, await CountRecipientsAsync(Path.Combine(factory.DataDirectory, DataSetup.SqliteFileName)));
    }

    [Fact]
    public async Task HandlersGetAContextOnTheAppsDatabasePerScope()
    {
        using var factory = new ApiFactory().WithDemoOrganisation();
        await using var scope = factory.Services.CreateAsyncScope();

        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        Assert.Equal(1, await db.DataSeeds.CountAsync());
    }

    [Fact]
    public async Task AppStartsWithAnEmptyDirectoryWhenDemoSeedingIsOff()
    {
        using var factory = new ApiFactory();

        var directory = factory.Services.GetRequiredService<IDirectory>();

        Assert.Empty(await directory.FindRecipientsAsync(["ada.admin@contoso.example"], None));
        Assert.Null(await directory.GetIssuingCaStoreAsync(None));
    }

    [Fact]
    public async Task ConnectionStringChoosesTheDatabaseFile()
    {
        using var elsewhere = TestDatabase.Empty();
        var file = Path.Combine(elsewhere.Folder, "elsewhere.db");
        using var factory = new ApiFactory().WithDemoOrganisation().With("ConnectionStrings:Smime", $"Data Source={file}");

        _ = factory.Services;

        Assert.Equal(6, await CountRecipientsAsync(file));
        Assert.False(File.Exists(Path.Combine(factory.DataDirectory, DataSetup.SqliteFileName)));
    }

    [Fact]
    public void AppLeavesTheDatabaseAloneWhenMigrateOnStartIsOff()
    {
        using var factory = new ApiFactory().With("Database:MigrateOnStart", "false");

        _ = factory.Services;

        Assert.False(File.Exists(Path.Combine(factory.DataDirectory, DataSetup.SqliteFileName)));
    }

    [Fact]
    public void AppRefusesToStartOnAProviderItDoesNotHave()
    {
        using var factory = new ApiFactory().With("Database:Provider", "Oracle");

        var failure = factory.StartupFailure<OptionsValidationException>();

        Assert.Contains("Database:Provider", failure.Message);
    }

    [Fact]
    public void AppOnPostgreSqlRefusesToStartWithoutAConnectionString()
    {
        using var factory = new ApiFactory().With("Database:Provider", "PostgreSQL");

        var failure = factory.StartupFailure<OptionsValidationException>();

        Assert.Contains("ConnectionStrings:Smime is not set", failure.Message);
    }

    [Fact]
    public async Task TwoAppsStartingTogetherOnOnePostgreSqlDatabaseMigrateAndSeedItOnce()
    {
        await using var database = await TestDatabase.EmptyAsync(DatabaseKind.PostgreSql);
        using var first = new ApiFactory().WithDemoOrganisation().On(database);
        using var second = new ApiFactory().WithDemoOrganisation().On(database);

        await Task.WhenAll(Task.Run(() => first.Services), Task.Run(() => second.Services));

        await using var db = database.CreateDbContext();
        Assert.Equal(6, await db.DirectoryRecipients.CountAsync());
        Assert.Equal(1, await db.DataSeeds.CountAsync());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task TwoAppsStartingTogetherOnOneDatabaseSeedItOnce()
    {
        using var first = new ApiFactory().WithDemoOrganisation();
        using var second = new ApiFactory().WithDemoOrganisation().With("DataDirectory", first.DataDirectory);

        await Task.WhenAll(Task.Run(() => first.Services), Task.Run(() => second.Services));

        Assert.Equal(6, await CountRecipientsAsync(Path.Combine(first.DataDirectory, DataSetup.SqliteFileName)));
    }

    [Fact]
    public async Task AppStartsAfterAProcessDiedHoldingTheMigrationLock()
    {
        using var factory = new ApiFactory().WithDemoOrganisation();
        var file = Path.Combine(factory.DataDirectory, DataSetup.SqliteFileName);
        await using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            // What EF leaves behind when its process is killed between taking and releasing the lock.
            command.CommandText = """
                CREATE TABLE "__EFMigrationsLock" ("Id" INTEGER NOT NULL PRIMARY KEY, "Timestamp" TEXT NOT NULL);
                INSERT INTO "__EFMigrationsLock" VALUES (1, '2026-01-01 00:00:00+00:00');
                """;
            await command.ExecuteNonQueryAsync();
        }

        await Task.Run(() => factory.Services).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(6, await CountRecipientsAsync(file));
    }
}
