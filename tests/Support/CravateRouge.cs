namespace SmimeAddin.Tests.Support;

/// <summary>Cravate Rouge of Fabrikam, outside the organisation: her certificate (issued by Fabrikam's own CA) and a
/// signed message of hers, as a requester drops it to ask that she be published.</summary>
public sealed class CravateRouge
{
    public const string Address = "cravate.rouge@fabrikam.example";

    public TestPki Pki { get; } = new("Fabrikam");
    public IssuedCertificate Certificate { get; }
    public byte[] SignedMessage { get; }

    public CravateRouge()
    {
        Certificate = Pki.Issue(new CertificateSpec { Subject = "CN=Cravate Rouge", SanEmails = [Address] });
        SignedMessage = SampleFiles.SignedMessage(Certificate, [Certificate.Certificate, Pki.Intermediate.Certificate, Pki.Root.Certificate]);
    }

    /// <summary>The form of <c>POST /api/contact-requests</c>.</summary>
    public MultipartFormDataContent RequestForm() => new()
    {
        { new StringContent(Address), "emailAddress" },
        { new StringContent("Cravate Rouge"), "displayName" },
        { new ByteArrayContent(SignedMessage), "file", "cravate.eml" },
    };
}
