using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SmimeAddin.Data;

public static class DataSetup
{
    public const string SqliteFileName = "smimeaddin.db";

    /// <summary>The app's database: <see cref="AppDbContext"/> per request scope or from
    /// <see cref="IDbContextFactory{AppDbContext}"/>, migrated at start unless <c>Database:MigrateOnStart</c> is false.</summary>
    public static WebApplicationBuilder AddAppData(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton<DataDirectory>();
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddDbContextFactory<AppDbContext>((services, options) =>
        {
            var configured = services.GetRequiredService<IConfiguration>().GetConnectionString(DatabaseOptions.ConnectionStringName);
            options.UseSqlite(string.IsNullOrWhiteSpace(configured)
                ? $"Data Source={services.GetRequiredService<DataDirectory>().File(SqliteFileName)}"
                : configured);
            // Look-ups load a recipient's few addresses and certificates in one round trip on purpose.
            options.ConfigureWarnings(w => w.Ignore(RelationalEventId.MultipleCollectionIncludeWarning));
        });
        builder.Services.AddHostedService<DatabaseMigrator>();
        return builder;
    }
}
