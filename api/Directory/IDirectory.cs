namespace SmimeAddin.Directory;

/// <summary>What SmimeAddin needs from Exchange, and nothing more. Two implementations: Exchange Online through
/// PowerShell, and the embedded directory on the app's own database. Failures are <see cref="DirectoryException"/>.</summary>
public interface IDirectory
{
    /// <summary>Recipients whose primary or proxy SMTP address is one of <paramref name="addresses"/> (compared
    /// case-insensitively), in a small fixed number of directory calls however many addresses are asked.</summary>
    Task<IReadOnlyList<DirectoryRecipient>> FindRecipientsAsync(IReadOnlyCollection<string> addresses, CancellationToken ct);

    /// <summary>One recipient by identity (name, alias or address), with its certificates; null when there is none.</summary>
    Task<DirectoryRecipient?> GetRecipientAsync(string identity, CancellationToken ct);

    /// <summary>Every recipient of <paramref name="kind"/> (mail contacts or mailboxes) with its certificates, in a few
    /// large reads (Get-MailContact or Get-Mailbox -ResultSize Unlimited), never one call per recipient: for the
    /// expiry watch.</summary>
    Task<IReadOnlyList<DirectoryRecipient>> ListAsync(RecipientKind kind, CancellationToken ct);

    /// <summary>New-MailContact. Throws <see cref="DirectoryFailure.AlreadyExists"/> when the name is taken.</summary>
    Task<DirectoryRecipient> CreateMailContactAsync(NewMailContact contact, CancellationToken ct);

    /// <summary>Replaces the recipient's UserCertificate and UserSMimeCertificate values (Set-MailContact,
    /// Set-Mailbox or Set-MailUser by kind).</summary>
    Task SetCertificatesAsync(string identity, RecipientKind kind, RecipientCertificates certificates, CancellationToken ct);

    /// <summary>The organisation's trusted issuing CAs as the .sst bytes Exchange holds; null when none are set.</summary>
    Task<byte[]?> GetIssuingCaStoreAsync(CancellationToken ct);

    /// <summary>Set-SmimeConfig -SMIMECertificateIssuingCA: replaces the whole list.</summary>
    Task SetIssuingCaStoreAsync(byte[] serializedStore, CancellationToken ct);
}

public enum RecipientKind
{
    Mailbox,
    MailUser,
    MailContact,
    Group,
    Other,
}

/// <param name="Identity">What identifies the recipient in later calls (Exchange's Identity or the name).</param>
/// <param name="EmailAddresses">Every SMTP address, primary included, without the smtp: prefix.</param>
/// <param name="UserCertificates">UserCertificate values: each one DER X.509 certificate.</param>
/// <param name="UserSmimeCertificates">UserSMimeCertificate values: each one DER PKCS#7 certs-only SignedData.</param>
public sealed record DirectoryRecipient(
    RecipientKind Kind,
    string Identity,
    string Name,
    string DisplayName,
    string PrimarySmtpAddress,
    IReadOnlyList<string> EmailAddresses,
    IReadOnlyList<byte[]> UserCertificates,
    IReadOnlyList<byte[]> UserSmimeCertificates);

public sealed record NewMailContact(string Name, string DisplayName, string ExternalEmailAddress);

public sealed record RecipientCertificates(IReadOnlyList<byte[]> UserCertificates, IReadOnlyList<byte[]> UserSmimeCertificates);

public enum DirectoryFailure
{
    NotFound,
    AlreadyExists,
    Throttled,
    Unavailable,
    Rejected,
    Forbidden,
    Unreadable,
}

/// <summary>The one exception the directory adapters throw. <see cref="RetryAfter"/> is set for throttling and
/// outages when the directory says how long to wait. The message is for logs, never for a client.</summary>
public sealed class DirectoryException(DirectoryFailure failure, string message, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    public DirectoryFailure Failure { get; } = failure;
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
