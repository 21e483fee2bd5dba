namespace SmimeAddin.ContactRequests.Provisioning;

public static class ProvisioningSetup
{
    /// <summary>The background worker that provisions approved requests in the directory (section <c>Provisioning</c>).</summary>
    public static IServiceCollection AddProvisioning(this IServiceCollection services)
    {
        services.AddOptions<ProvisioningOptions>().BindConfiguration(ProvisioningOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ProvisioningSignal>();
        services.AddSingleton<ProvisioningClaims>();
        services.AddSingleton<ContactProvisioner>();
        services.AddSingleton<ProvisioningWorker>();
        return services.AddHostedService(provider => provider.GetRequiredService<ProvisioningWorker>());
    }
}
