using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SmimeAddin.Telemetry;

namespace SmimeAddin.Directory.ExchangeOnline;

public static class ExchangeOnlineSetup
{
    /// <summary>True when either ExchangeOnline:AppId or ExchangeOnline:Organization is set: a half-made configuration
    /// then fails at start with a sentence saying what is missing, rather than silently using the embedded directory.</summary>
    public static bool UsesExchangeOnline(this IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[$"{ExchangeOnlineOptions.Section}:AppId"])
        || !string.IsNullOrWhiteSpace(configuration[$"{ExchangeOnlineOptions.Section}:Organization"]);

    /// <summary>The Exchange Online adapter as <see cref="IDirectory"/>, its options bound from section
    /// <c>ExchangeOnline</c> and validated at start, and a warm-up that connects the first session in the background.</summary>
    public static IServiceCollection AddExchangeOnlineDirectory(this IServiceCollection services)
    {
        services.AddOptions<ExchangeOnlineOptions>().BindConfiguration(ExchangeOnlineOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ExchangeOnlineOptions>, ExchangeOnlineOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System); // the reconnect back-off's clock; the app registers its own first
        services.AddMetrics();
        services.TryAddSingleton<SmimeMetrics>(); // every cmdlet call is counted; the app registers it too
        services.AddSingleton<ExchangeOnlineDirectory>();
        services.AddSingleton<IDirectory>(provider => provider.GetRequiredService<ExchangeOnlineDirectory>());
        services.AddHostedService<ExchangeOnlineWarmUp>();
        return services;
    }
}

/// <summary>Connecting takes seconds: do it once at start so the first readiness check does not pay for it, and say
/// in the log, in one sentence, what is wrong (module missing, app not consented) without stopping the app.</summary>
internal sealed class ExchangeOnlineWarmUp(ExchangeOnlineDirectory directory, ILogger<ExchangeOnlineWarmUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await directory.WarmUpAsync(stoppingToken);
            logger.LogInformation("Connected to Exchange Online.");
        }
        catch (DirectoryException e)
        {
            logger.LogError("Exchange Online is not reachable yet ({Failure}): {Message}", e.Failure, e.Message);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
