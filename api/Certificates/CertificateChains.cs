using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Utilities.Collections;
using Org.BouncyCastle.X509;

namespace SmimeAddin.Certificates;

public static class CertificateChains
{
    /// <summary>A certs-only CMS SignedData (what a .p7b holds and what UserSMimeCertificate takes), certificates in the
    /// order given. Definite-length encoding keeps that order: DER would sort the SET OF by bytes.</summary>
    public static byte[] CertificatesOnly(IEnumerable<X509Certificate> certificates)
    {
        var generator = new CmsSignedDataGenerator();
        generator.AddCertificates(CollectionUtilities.CreateStore(certificates.ToList()));
        return generator.Generate(new CmsAbsentContent(), false).GetEncoded(Asn1Encodable.DL);
    }
}
