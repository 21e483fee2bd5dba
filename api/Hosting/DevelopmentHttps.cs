using System.Security.Cryptography.X509Certificates;

namespace SmimeAddin.Hosting;

/// <summary>Outlook loads add-in panes only over https. On the default address the app also listens on
/// https://localhost:5081 when the ASP.NET Core development certificate is installed (`dotnet dev-certs https
/// --trust`), so a developer can sideload the checked-in manifest; without it, plain http as before.</summary>
public static class DevelopmentHttps
{
    public const string DefaultUrls = "http://localhost:5080";
    public const string WithHttps = "http://localhost:5080;https://localhost:5081";

    // The extension Microsoft's dev-certs tool marks its certificate with.
    private const string AspNetHttpsOid = "1.3.6.1.4.1.311.84.1.1";

    public static WebApplicationBuilder ListenOnHttpsWhenACertificateIsInstalled(this WebApplicationBuilder builder)
    {
        if (builder.Configuration["urls"] == DefaultUrls && HasDevelopmentCertificate())
            builder.WebHost.UseUrls(WithHttps);
        return builder;
    }

    private static bool HasDevelopmentCertificate()
    {
        using var store = new X509Store(StoreName.My, StoreLocation.CurrentUser);
        try
        {
            store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false; // no store for this user yet: no certificate either
        }
        var now = DateTime.Now;
        return store.Certificates.Any(c => c.HasPrivateKey && c.NotBefore <= now && now <= c.NotAfter
            && c.Extensions.Any(e => e.Oid?.Value == AspNetHttpsOid));
    }
}
