namespace SmimeAddin.Trust;

public static class TrustSetup
{
    /// <summary>The trusted-issuer list (section <c>TrustedIssuers</c>) and the verdicts judged against it.</summary>
    public static IServiceCollection AddTrust(this IServiceCollection services)
    {
        services.AddOptions<TrustedIssuersOptions>().BindConfiguration(TrustedIssuersOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<TrustedIssuerStore>();
        services.AddSingleton<DirectoryHealthCheck>(); // one instance, so that its answer is reused across probes
        return services.AddSingleton<CertificateVerdicts>();
    }
}
