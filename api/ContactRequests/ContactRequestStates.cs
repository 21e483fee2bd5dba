using Microsoft.EntityFrameworkCore;
using SmimeAddin.Data;
using SmimeAddin.Directory;

namespace SmimeAddin.ContactRequests;

internal static class ContactRequestStates
{
    /// <summary>Requests still on their way to the directory: one per address at a time.</summary>
    public static readonly ContactRequestStatus[] Open = [ContactRequestStatus.Pending, ContactRequestStatus.Approved, ContactRequestStatus.Provisioning];

    /// <summary>Taken when an open request will create it, or the directory has it for another address.</summary>
    public static async Task<bool> IsNameTakenAsync(AppDbContext db, IDirectory directory, string name, string address, CancellationToken ct)
    {
        if (await db.ContactRequests.AnyAsync(r => r.ContactName == name && Open.Contains(r.Status), ct))
            return true;
        return await directory.GetRecipientAsync(name, ct) is { } existing
            && !existing.EmailAddresses.Append(existing.PrimarySmtpAddress).Contains(address, StringComparer.OrdinalIgnoreCase);
    }
}
