using Org.BouncyCastle.X509;
using SmimeAddin.Certificates;
using SmimeAddin.Directory;

namespace SmimeAddin.ContactRequests;

/// <summary>The directory entry that holds a request's address now, if any: the one OWA resolves the address to, so the
/// one provisioning must publish on; and the certificates on it that publishing would replace (all but the request's).</summary>
internal sealed record AddressHolder(DirectoryRecipient Entry, IReadOnlyList<X509Certificate> WouldReplace)
{
    public static async Task<AddressHolder?> FindAsync(IDirectory directory, ContactRequest request, CancellationToken ct)
    {
        var found = await directory.FindRecipientsAsync([request.EmailAddress], ct);
        var entry = found.FirstOrDefault(r => string.Equals(r.PrimarySmtpAddress, request.EmailAddress, StringComparison.OrdinalIgnoreCase))
            ?? found.FirstOrDefault();
        return entry is null ? null : new(entry, Foreign(entry, request));
    }

    /// <summary>The entry's published certificates other than the request's own (a retry finds its own already set).</summary>
    public static IReadOnlyList<X509Certificate> Foreign(DirectoryRecipient entry, ContactRequest request) =>
        PublishedCertificates.Of(entry).EndEntities
            .Where(c => !string.Equals(CertificateFacts.Sha1Thumbprint(c), request.Thumbprint, StringComparison.OrdinalIgnoreCase))
            .ToList();

    public bool IsContact => Entry.Kind == RecipientKind.MailContact;
}
