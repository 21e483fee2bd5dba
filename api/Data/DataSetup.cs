using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace SmimeAddin.Data;

public static class DataSetup
{
    public const string SqliteFileName = "smimeaddin.db";

    /// <summary>The app's database: <see cref="AppDbContext"/> per request scope or from
    /// <see cref="IDbContextFactory{AppDbContext}"/>, on SQLite or PostgreSQL (<c>Database:Provider</c>), migrated at
    /// start unless <c>Database:MigrateOnStart</c> is false.</summary>
    public static WebApplicationBuilder AddAppData(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton<DataDirectory>();
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section)
            .Configure<IConfiguration>((options, configuration) =>
                options.ConnectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName))
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddDbContextFactory<AppDbContext>((services, options) =>
        {
            var database = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            if (database.IsPostgreSql)
                options.UseNpgsql(database.ConnectionString);
            else
                options.UseSqlite(string.IsNullOrWhiteSpace(database.ConnectionString)
                    ? $"Data Source={services.GetRequiredService<DataDirectory>().File(SqliteFileName)}"
                    : database.ConnectionString);
            // Look-ups load a recipient's few addresses and certificates in one round trip on purpose.
            options.ConfigureWarnings(w => w.Ignore(RelationalEventId.MultipleCollectionIncludeWarning));
        });
        builder.Services.AddSingleton<Leases>();
        builder.Services.AddSingleton<DatabaseMigrator>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DatabaseMigrator>());
        return builder;
    }

    /// <summary>The <c>migrate</c> command: applies pending migrations and the configured seeding, then returns, for
    /// deployments that migrate once before starting their instances (<c>Database:MigrateOnStart=false</c>).</summary>
    public static Task MigrateDatabaseAsync(this WebApplication app, CancellationToken ct = default) =>
        app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
}
