using Microsoft.EntityFrameworkCore;
using Org.BouncyCastle.X509;
using SmimeAddin.Data;
using SmimeAddin.Directory;

namespace SmimeAddin.ContactRequests;

/// <summary>A renewal: the address's directory entry is a mail contact this app provisioned (a Provisioned request
/// published it under that name), and the request's certificate ends after every certificate approving would replace.
/// Replacing is then the point of the request, so the approver's view says so and approving needs no confirmation
/// beyond it.</summary>
internal static class Renewals
{
    public static async Task<bool> IsRenewalAsync(AppDbContext db, ContactRequest request, AddressHolder holder, CancellationToken ct) =>
        holder.IsContact && holder.WouldReplace.Count > 0 && EndsLater(request, holder.WouldReplace)
        && await db.ContactRequests.AnyAsync(r => r.Id != request.Id && r.Status == ContactRequestStatus.Provisioned
            && r.NormalizedEmailAddress == request.NormalizedEmailAddress && r.ContactName == holder.Entry.Name, ct);

    /// <summary>A certificate ending less than this after the published one is the same certificate issued again, not a
    /// newer one: renewals gain months.</summary>
    private static readonly TimeSpan Gain = TimeSpan.FromDays(1);

    /// <summary>True when <paramref name="certificate"/> ends after every one of <paramref name="published"/> (by more
    /// than a day): a newer certificate for an address whose contact is ready already, which a request may bring.</summary>
    public static bool EndsLater(X509Certificate certificate, IEnumerable<X509Certificate> published) =>
        EndsLater(new DateTimeOffset(certificate.NotAfter, TimeSpan.Zero), published);

    private static bool EndsLater(ContactRequest request, IEnumerable<X509Certificate> published) =>
        EndsLater(request.CertificateNotAfter, published);

    private static bool EndsLater(DateTimeOffset end, IEnumerable<X509Certificate> published) =>
        published.All(p => new DateTimeOffset(p.NotAfter, TimeSpan.Zero) + Gain < end);
}
