using SmimeAddin.Directory.Embedded;
using SmimeAddin.Directory.ExchangeOnline;

namespace SmimeAddin.Directory;

public static class DirectorySetup
{
    /// <summary>Exchange Online as soon as any ExchangeOnline setting is given (so a half-made configuration stops the
    /// app with a sentence instead of quietly running on the demo directory); the embedded directory otherwise.</summary>
    public static WebApplicationBuilder AddDirectory(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RecipientCacheOptions>().BindConfiguration(RecipientCacheOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddMemoryCache();
        builder.Services.AddOptions<DirectoryBudgetOptions>().BindConfiguration(DirectoryBudgetOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<DirectoryBudget>();
        builder.Services.AddSingleton<RecipientCache>();
        if (!builder.Configuration.UsesExchangeOnline())
            return builder.AddEmbeddedDirectory();
        builder.Services.AddExchangeOnlineDirectory();
        return builder;
    }
}
