using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SmimeAddin.Tests.Notifications;

/// <summary>An Entra application's credential certificate, made per test and written as the .pfx an admin would give.</summary>
internal static class GraphAppCertificate
{
    public static X509Certificate2 Write(string pfxPath, string password)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=SmimeAddin notifications", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllBytes(pfxPath, certificate.Export(X509ContentType.Pkcs12, password));
        return X509CertificateLoader.LoadCertificate(certificate.RawData);
    }
}
