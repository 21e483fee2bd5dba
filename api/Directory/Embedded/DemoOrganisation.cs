using Microsoft.EntityFrameworkCore;
using Org.BouncyCastle.X509;
using SmimeAddin.Certificates;
using SmimeAddin.Data;

namespace SmimeAddin.Directory.Embedded;

/// <summary>The organisation a new user finds in the embedded directory: one recipient per readiness case, under a
/// demo CA that is in the trusted-issuer list, plus a contact whose CA is not. Seeded once, into an empty directory.</summary>
internal static class DemoOrganisation
{
    public const string SeedName = "DemoOrganisation";
    public const string RootName = "SmimeAddin Demo Root CA";
    public const string IssuingName = "SmimeAddin Demo Issuing CA";

    public static async Task SeedAsync(AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await db.DataSeeds.AnyAsync(s => s.Name == SeedName, ct)
            || await db.DirectoryRecipients.AnyAsync(ct) || await db.DirectoryIssuingCaStores.AnyAsync(ct))
            return;

        var now = clock.GetUtcNow();
        var today = now.UtcDateTime.Date;
        // X.500 order, most significant first, so that names read "CN=..., O=..." as Windows and OpenSSL show them.
        var root = DemoPki.Root($"O=SmimeAddin Demo,CN={RootName}", today.AddDays(-1), today.AddYears(20));
        var issuing = DemoPki.Intermediate(root, $"O=SmimeAddin Demo,CN={IssuingName}", today.AddDays(-1), today.AddYears(10));
        var untrusted = DemoPki.Root("O=Tailspin Toys,CN=Tailspin Untrusted CA", today.AddDays(-1), today.AddYears(10));
        X509Certificate Good(DemoCertificate issuer, string name, string address) =>
            DemoPki.Person(issuer, name, address, today.AddDays(-1), today.AddYears(2));

        var expired = DemoPki.Person(issuing, "René Requester", "rene.requester@contoso.example", today.AddYears(-2), today.AddDays(-30));
        db.DirectoryRecipients.AddRange(
            Mailbox("ada.admin", "Ada Admin", ["ada.admin@contoso.example"], Good(issuing, "Ada Admin", "ada.admin@contoso.example")),
            Mailbox("rene.requester", "René Requester", ["rene.requester@contoso.example"], expired),
            Mailbox("nina.reader", "Nina Reader", ["nina.reader@contoso.example"], null),
            Mailbox("marc.dupont", "Marc Dupont", ["marc.dupont@contoso.example", "m.dupont@contoso.example"],
                Good(issuing, "Marc Dupont", "marc.dupont@contoso.example")),
            Contact("CravateRouge_SMIME", "Cravate Rouge", "cravate.rouge@fabrikam.example",
                [Good(issuing, "Cravate Rouge", "cravate.rouge@fabrikam.example"), issuing.Certificate]),
            Contact("Untrusted_SMIME", "Jean Untrusted", "jean.untrusted@tailspin.example",
                [Good(untrusted, "Jean Untrusted", "jean.untrusted@tailspin.example"), untrusted.Certificate]));
        db.DirectoryIssuingCaStores.Add(new EmbeddedIssuingCaStore
        {
            Store = SerializedStore.FromCertificates([root.Certificate.GetEncoded(), issuing.Certificate.GetEncoded()]).Write(),
        });
        db.DataSeeds.Add(new DataSeed { Name = SeedName, AppliedAt = now });
        // One SaveChanges: the demo organisation and its marker commit together or not at all.
        await db.SaveChangesAsync(ct);
    }

    private static EmbeddedRecipient Mailbox(string name, string displayName, string[] addresses, X509Certificate? certificate) => new()
    {
        Kind = RecipientKind.Mailbox,
        Name = name,
        NormalizedName = EmbeddedRecipient.Normalize(name),
        DisplayName = displayName,
        Addresses = [.. addresses.Select((address, i) => Address(address, isPrimary: i == 0))],
        Certificates = certificate is null ? [] : [Value(CertificateAttribute.UserCertificate, certificate.GetEncoded())],
    };

    /// <param name="chain">The contact's certificate first, then its issuers.</param>
    private static EmbeddedRecipient Contact(string name, string displayName, string address, X509Certificate[] chain) => new()
    {
        Kind = RecipientKind.MailContact,
        Name = name,
        NormalizedName = EmbeddedRecipient.Normalize(name),
        DisplayName = displayName,
        ExternalEmailAddress = address,
        Addresses = [Address(address, isPrimary: true)],
        Certificates =
        [
            Value(CertificateAttribute.UserCertificate, chain[0].GetEncoded()),
            Value(CertificateAttribute.UserSMimeCertificate, DemoPki.CertificatesOnly(chain)),
        ],
    };

    private static EmbeddedAddress Address(string address, bool isPrimary) =>
        new() { Address = address, NormalizedAddress = EmbeddedRecipient.Normalize(address), IsPrimary = isPrimary };

    private static EmbeddedCertificate Value(CertificateAttribute attribute, byte[] value) =>
        new() { Attribute = attribute, Order = 0, Value = value };
}
