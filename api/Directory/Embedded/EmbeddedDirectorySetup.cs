using Microsoft.EntityFrameworkCore;
using SmimeAddin.Data;

namespace SmimeAddin.Directory.Embedded;

public static class EmbeddedDirectorySetup
{
    /// <summary>Turns seeding of the demo organisation off (it is on by default).</summary>
    public const string SeedDemoOrganisationKey = "Seed:DemoOrganisation";

    /// <summary>The embedded directory on <see cref="AppDbContext"/>. The demo organisation is seeded by the
    /// migration step (EF runs UseSeeding inside Migrate, under its migration lock) unless <c>Seed:DemoOrganisation</c> is false.</summary>
    public static WebApplicationBuilder AddEmbeddedDirectory(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IDirectory, EmbeddedDirectory>();
        if (builder.Configuration.GetValue(SeedDemoOrganisationKey, true))
            builder.Services.ConfigureDbContext<AppDbContext>((services, options) =>
            {
                var clock = services.GetRequiredService<TimeProvider>();
                options.UseAsyncSeeding((db, _, ct) => DemoOrganisation.SeedAsync((AppDbContext)db, clock, ct));
                // dotnet ef database update migrates synchronously and runs this one.
                options.UseSeeding((db, _) => DemoOrganisation.SeedAsync((AppDbContext)db, clock, CancellationToken.None).GetAwaiter().GetResult());
            });
        return builder;
    }
}
