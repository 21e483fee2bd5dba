using System.Collections;
using System.Management.Automation;

namespace SmimeAddin.Directory.ExchangeOnline;

/// <summary>Every cmdlet, parameter and output property name the adapter relies on, in one place so a difference
/// with the live service is corrected here. Checked against Microsoft's cmdlet reference (office-docs-powershell:
/// Get-Recipient, Set-MailContact, Set-SmimeConfig, Connect-ExchangeOnline) and the filterable-properties page.</summary>
internal static class ExchangeSchema
{
    public const string Connect = "Connect-ExchangeOnline";
    public const string Disconnect = "Disconnect-ExchangeOnline";
    public const string GetRecipient = "Get-Recipient";
    public const string GetMailbox = "Get-Mailbox";
    public const string GetMailUser = "Get-MailUser";
    public const string GetMailContact = "Get-MailContact";
    public const string NewMailContact = "New-MailContact";
    public const string SetMailbox = "Set-Mailbox";
    public const string SetMailUser = "Set-MailUser";
    public const string SetMailContact = "Set-MailContact";
    public const string GetSmimeConfig = "Get-SmimeConfig";
    public const string SetSmimeConfig = "Set-SmimeConfig";

    /// <summary>Connect-ExchangeOnline -CommandName: load only these, which makes connecting faster (EXO V3).</summary>
    public static readonly string[] CmdletsUsed =
        [GetRecipient, GetMailbox, GetMailUser, GetMailContact, NewMailContact, SetMailbox, SetMailUser, SetMailContact, GetSmimeConfig, SetSmimeConfig];

    // Output properties. Get-Recipient does not promise the certificate properties ("might not return all
    // object-specific properties"; its -Properties is "reserved for internal Microsoft use"), so certificates are
    // read from Get-Mailbox / Get-MailUser / Get-MailContact, whose objects carry UserCertificate and
    // UserSMimeCertificate (MultiValuedProperty<byte[]>).
    public const string Guid = "Guid";
    public const string Identity = "Identity";
    public const string Name = "Name";
    public const string DisplayName = "DisplayName";
    public const string PrimarySmtpAddress = "PrimarySmtpAddress";
    public const string EmailAddresses = "EmailAddresses";
    public const string RecipientType = "RecipientType";
    public const string UserCertificate = "UserCertificate";
    public const string UserSMimeCertificate = "UserSMimeCertificate";
    public const string SmimeIssuingCa = "SMIMECertificateIssuingCA";

    /// <summary>Get-Recipient -RecipientType values (Microsoft's list) to our kinds; every group type is a group.</summary>
    public static RecipientKind KindOf(string? recipientType) => recipientType switch
    {
        "UserMailbox" => RecipientKind.Mailbox,
        "MailUser" => RecipientKind.MailUser,
        "MailContact" => RecipientKind.MailContact,
        "MailUniversalDistributionGroup" or "MailUniversalSecurityGroup" or "MailNonUniversalGroup" or "DynamicDistributionGroup"
            => RecipientKind.Group,
        _ => RecipientKind.Other,
    };

    public static string? GetCmdletFor(RecipientKind kind) => kind switch
    {
        RecipientKind.Mailbox => GetMailbox,
        RecipientKind.MailUser => GetMailUser,
        RecipientKind.MailContact => GetMailContact,
        _ => null,
    };

    public static string SetCmdletFor(RecipientKind kind) => kind switch
    {
        RecipientKind.Mailbox => SetMailbox,
        RecipientKind.MailUser => SetMailUser,
        RecipientKind.MailContact => SetMailContact,
        _ => throw new DirectoryException(DirectoryFailure.Rejected, $"A {kind} recipient carries no certificates."),
    };

    /// <summary>A Get-Recipient (or Get-Mailbox...) object as a recipient, certificates from <paramref name="withCertificates"/>
    /// (the kind-specific object) when given.</summary>
    public static DirectoryRecipient ToRecipient(PSObject recipient, PSObject? withCertificates = null)
    {
        var addresses = SmtpAddresses(recipient);
        var primary = Text(recipient, PrimarySmtpAddress) ?? addresses.FirstOrDefault() ?? "";
        if (primary.Length > 0 && !addresses.Contains(primary, StringComparer.OrdinalIgnoreCase))
            addresses.Insert(0, primary);
        return new DirectoryRecipient(
            KindOf(Text(recipient, RecipientType)),
            IdentityOf(recipient),
            Text(recipient, Name) ?? "",
            Text(recipient, DisplayName) ?? Text(recipient, Name) ?? "",
            primary,
            addresses,
            withCertificates is null ? [] : Blobs(withCertificates, UserCertificate),
            withCertificates is null ? [] : Blobs(withCertificates, UserSMimeCertificate));
    }

    /// <summary>What later calls pass as -Identity: the object GUID (unique, accepted by every -Identity parameter),
    /// else Exchange's Identity string.</summary>
    public static string IdentityOf(PSObject recipient) =>
        Text(recipient, Guid) is { Length: > 0 } guid && System.Guid.TryParse(guid, out var parsed) && parsed != System.Guid.Empty
            ? parsed.ToString()
            : Text(recipient, Identity) ?? Text(recipient, Name) ?? "";

    /// <summary>EmailAddresses holds proxy addresses as <c>SMTP:primary</c>, <c>smtp:secondary</c>, <c>X500:...</c>,
    /// <c>SIP:...</c>: keep the SMTP ones, without the prefix.</summary>
    public static List<string> SmtpAddresses(PSObject recipient)
    {
        var result = new List<string>();
        foreach (var value in Values(recipient.Properties[EmailAddresses]?.Value))
        {
            var text = value?.ToString();
            if (text is not null && text.StartsWith("smtp:", StringComparison.OrdinalIgnoreCase) && text.Length > 5)
                result.Add(text[5..]);
        }
        return result;
    }

    public static string? Text(PSObject source, string property) => source.Properties[property]?.Value switch
    {
        null => null,
        PSObject { BaseObject: var inner } => inner?.ToString(),
        var value => value.ToString(),
    };

    /// <summary>A multi-valued binary property (UserCertificate, UserSMimeCertificate: MultiValuedProperty&lt;byte[]&gt;)
    /// in every shape the module may hand it over: absent or null (nothing set), one byte[], a collection (object[],
    /// ArrayList, byte[][], MultiValuedProperty) of byte[] or base64 text, PSObject-wrapped or not, base64 text alone,
    /// or one value unrolled into single bytes. Anything else is <see cref="DirectoryFailure.Unreadable"/>, never
    /// "no certificates": the message names the property and the shape, never the value.</summary>
    public static IReadOnlyList<byte[]> Blobs(PSObject source, string property)
    {
        var value = Unwrap(source.Properties[property]?.Value);
        switch (value)
        {
            case null:
                return [];
            case byte[] single:
                return single.Length == 0 ? [] : [single];
            case string text:
                return text.Length == 0 ? [] : [FromBase64(text, property)];
            case IEnumerable items:
                var values = items.Cast<object?>().Select(Unwrap).ToList();
                if (values.Count > 0 && values.All(v => v is byte))
                    return [values.Cast<byte>().ToArray()];
                var result = new List<byte[]>();
                foreach (var item in values)
                {
                    var blob = item switch
                    {
                        byte[] bytes => bytes,
                        string text => text.Length == 0 ? [] : FromBase64(text, property),
                        _ => throw Unreadable(property, item),
                    };
                    if (blob.Length > 0)
                        result.Add(blob);
                }
                return result;
            default:
                throw Unreadable(property, value);
        }
    }

    /// <summary>A single binary value (SMIMECertificateIssuingCA: byte[]): null when absent, null or empty; else the
    /// bytes from byte[], base64 text, single bytes, or a collection holding exactly one such value. Anything else is
    /// <see cref="DirectoryFailure.Unreadable"/>.</summary>
    public static byte[]? Blob(PSObject source, string property)
    {
        var value = Unwrap(source.Properties[property]?.Value);
        var blobs = value switch
        {
            null => [],
            byte[] or string or IEnumerable => Blobs(source, property),
            _ => throw Unreadable(property, value),
        };
        return blobs.Count switch
        {
            0 => null,
            1 => blobs[0],
            _ => throw new DirectoryException(DirectoryFailure.Unreadable,
                $"{property} came back as {blobs.Count} values where Exchange holds one; it is not read as empty."),
        };
    }

    private static byte[] FromBase64(string text, string property)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text.Trim(), buffer, out var written)
            ? buffer[..written]
            : throw new DirectoryException(DirectoryFailure.Unreadable,
                $"{property} came back as text that is not base64 ({text.Length} characters); it is not read as empty.");
    }

    private static DirectoryException Unreadable(string property, object? value) =>
        new(DirectoryFailure.Unreadable,
            $"{property} came back as {(value is null ? "a null item" : value.GetType().FullName)}, a shape this adapter cannot read; it is not read as empty.");

    private static IEnumerable<object?> Values(object? value) => Unwrap(value) switch
    {
        null => [],
        string text => [text],
        IEnumerable items => items.Cast<object?>().Select(Unwrap),
        var one => [one],
    };

    private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;
}
