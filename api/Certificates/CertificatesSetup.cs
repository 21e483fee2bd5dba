namespace SmimeAddin.Certificates;

public static class CertificatesSetup
{
    /// <summary>Section <c>Certificates</c>: upload size and the ExpiresSoon window.</summary>
    public static IServiceCollection AddCertificates(this IServiceCollection services)
    {
        services.AddOptions<CertificatesOptions>().BindConfiguration(CertificatesOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}
