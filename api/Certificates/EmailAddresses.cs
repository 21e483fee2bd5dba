using System.Net.Mail;

namespace SmimeAddin.Certificates;

public static class EmailAddresses
{
    /// <summary>A bare addr-spec (no display name, no angle brackets), as Exchange stores SMTP addresses.</summary>
    public static bool IsValid(string address) =>
        address.Length <= 320
        && MailAddress.TryCreate(address, out var parsed)
        && parsed.Address == address
        && string.IsNullOrEmpty(parsed.DisplayName);
}
