using Microsoft.EntityFrameworkCore;
using Org.BouncyCastle.Security.Certificates;
using Org.BouncyCastle.X509;
using SmimeAddin.Certificates;
using SmimeAddin.Data;
using SmimeAddin.Telemetry;

namespace SmimeAddin.Directory.Embedded;

/// <summary>The directory port on the app's own database, behaving as Exchange does where the product can tell:
/// names and addresses compare case-insensitively, an address belongs to one recipient, and the limits Exchange
/// and Entra ID enforce are enforced here. Like Exchange, it is outside the caller's unit of work: each call uses
/// its own short-lived context and commits on its own.</summary>
internal sealed class EmbeddedDirectory(IDbContextFactory<AppDbContext> contexts, TimeProvider clock, SmimeMetrics metrics) : IDirectory
{
    /// <summary>Entra ID stops syncing a recipient with more userCertificate values than this (EXCHANGE.md).</summary>
    public const int MaxUserCertificates = 15;
    /// <summary>The size limit of one userSMIMECertificate value.</summary>
    public const int MaxSmimeCertificateBytes = 32_768;

    // Each call counted and timed as Exchange's cmdlets are (DirectoryMetrics), under the port's operation name.
    public Task<IReadOnlyList<DirectoryRecipient>> FindRecipientsAsync(IReadOnlyCollection<string> addresses, CancellationToken ct) =>
        metrics.DirectoryAsync("FindRecipients", () => FindRecipientsInDatabaseAsync(addresses, ct));

    public Task<DirectoryRecipient?> GetRecipientAsync(string identity, CancellationToken ct) =>
        metrics.DirectoryAsync("GetRecipient", () => GetRecipientInDatabaseAsync(identity, ct));

    public Task<IReadOnlyList<DirectoryRecipient>> ListAsync(RecipientKind kind, CancellationToken ct) =>
        metrics.DirectoryAsync("List", () => ListInDatabaseAsync(kind, ct));

    public Task<DirectoryRecipient> CreateMailContactAsync(NewMailContact contact, CancellationToken ct) =>
        metrics.DirectoryAsync("CreateMailContact", () => CreateMailContactInDatabaseAsync(contact, ct));

    public Task SetCertificatesAsync(string identity, RecipientKind kind, RecipientCertificates certificates, CancellationToken ct) =>
        metrics.DirectoryAsync("SetCertificates", () => SetCertificatesInDatabaseAsync(identity, kind, certificates, ct));

    public Task<byte[]?> GetIssuingCaStoreAsync(CancellationToken ct) =>
        metrics.DirectoryAsync("GetIssuingCaStore", () => GetIssuingCaStoreInDatabaseAsync(ct));

    public Task SetIssuingCaStoreAsync(byte[] serializedStore, CancellationToken ct) =>
        metrics.DirectoryAsync("SetIssuingCaStore", () => SetIssuingCaStoreInDatabaseAsync(serializedStore, ct));

    private async Task<IReadOnlyList<DirectoryRecipient>> FindRecipientsInDatabaseAsync(IReadOnlyCollection<string> addresses, CancellationToken ct)
    {
        var wanted = addresses.Select(EmbeddedRecipient.Normalize).Distinct().ToList();
        if (wanted.Count == 0)
            return [];
        await using var db = await contexts.CreateDbContextAsync(ct);
        var found = await Recipients(db).Where(r => r.Addresses.Any(a => wanted.Contains(a.NormalizedAddress))).ToListAsync(ct);
        return [.. found.Select(ToDirectoryRecipient)];
    }

    private async Task<IReadOnlyList<DirectoryRecipient>> ListInDatabaseAsync(RecipientKind kind, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return [.. (await Recipients(db).Where(r => r.Kind == kind).ToListAsync(ct)).Select(ToDirectoryRecipient)];
    }

    private async Task<DirectoryRecipient?> GetRecipientInDatabaseAsync(string identity, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await FindAsync(Recipients(db), identity, ct) is { } recipient ? ToDirectoryRecipient(recipient) : null;
    }

    private async Task<DirectoryRecipient> CreateMailContactInDatabaseAsync(NewMailContact contact, CancellationToken ct)
    {
        var name = contact.Name.Trim();
        var address = contact.ExternalEmailAddress.Trim();
        var displayName = string.IsNullOrWhiteSpace(contact.DisplayName) ? name : contact.DisplayName.Trim();
        if (name.Length is 0 or > EmbeddedRecipient.MaxNameLength || displayName.Length > EmbeddedRecipient.MaxDisplayNameLength)
            throw new DirectoryException(DirectoryFailure.Rejected, $"A contact's name is 1 to {EmbeddedRecipient.MaxNameLength} characters and its display name at most {EmbeddedRecipient.MaxDisplayNameLength}.");
        if (!EmailAddresses.IsValid(address))
            throw new DirectoryException(DirectoryFailure.Rejected, $"'{address}' is not an SMTP address.");

        var recipient = new EmbeddedRecipient
        {
            Kind = RecipientKind.MailContact,
            Name = name,
            NormalizedName = EmbeddedRecipient.Normalize(name),
            DisplayName = displayName,
            ExternalEmailAddress = address,
            // Exchange Online makes the external address the contact's primary SMTP address.
            Addresses = [new() { Address = address, NormalizedAddress = EmbeddedRecipient.Normalize(address), IsPrimary = true }],
        };
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.DirectoryRecipients.Add(recipient);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // The unique indexes decide, so two writers racing for one name or address cannot both win.
            var nameTaken = await db.DirectoryRecipients.AnyAsync(r => r.NormalizedName == recipient.NormalizedName, ct);
            throw new DirectoryException(DirectoryFailure.AlreadyExists, nameTaken
                ? $"A recipient named '{name}' already exists."
                : $"The address '{address}' belongs to another recipient.", inner: e);
        }
        return ToDirectoryRecipient(recipient);
    }

    private async Task SetCertificatesInDatabaseAsync(string identity, RecipientKind kind, RecipientCertificates certificates, CancellationToken ct)
    {
        if (kind is RecipientKind.Group or RecipientKind.Other)
            throw new DirectoryException(DirectoryFailure.Rejected, $"Certificates cannot be set on a recipient of kind {kind}.");
        if (certificates.UserCertificates.Count > MaxUserCertificates)
            throw new DirectoryException(DirectoryFailure.Rejected, $"UserCertificate holds at most {MaxUserCertificates} values.");
        if (certificates.UserSmimeCertificates.Any(value => value.Length > MaxSmimeCertificateBytes))
            throw new DirectoryException(DirectoryFailure.Rejected, $"A UserSMimeCertificate value is at most {MaxSmimeCertificateBytes} bytes.");

        await using var db = await contexts.CreateDbContextAsync(ct);
        // Set-MailContact finds contacts only, Set-Mailbox mailboxes only: another kind is not found either.
        var recipient = await FindAsync(db.DirectoryRecipients.AsNoTracking().Where(r => r.Kind == kind), identity, ct)
            ?? throw new DirectoryException(DirectoryFailure.NotFound, $"No {kind} '{identity}' in the directory.");

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Updating the recipient's row first locks it, so a concurrent replacement waits and then sees this one's rows.
        await db.DirectoryRecipients.Where(r => r.Id == recipient.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.CertificatesVersion, r => r.CertificatesVersion + 1), ct);
        await db.DirectoryCertificates.Where(c => c.RecipientId == recipient.Id).ExecuteDeleteAsync(ct);
        db.DirectoryCertificates.AddRange(Values(recipient.Id, CertificateAttribute.UserCertificate, certificates.UserCertificates)
            .Concat(Values(recipient.Id, CertificateAttribute.UserSMimeCertificate, certificates.UserSmimeCertificates)));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private async Task<byte[]?> GetIssuingCaStoreInDatabaseAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.DirectoryIssuingCaStores.Where(s => s.Id == EmbeddedIssuingCaStore.SingletonId).Select(s => s.Store).SingleOrDefaultAsync(ct);
    }

    private async Task SetIssuingCaStoreInDatabaseAsync(byte[] serializedStore, CancellationToken ct)
    {
        RefuseAsExchangeWould(serializedStore);
        var store = serializedStore.ToArray();
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await ReplaceStoreAsync(db, store, ct) > 0)
            return;
        db.DirectoryIssuingCaStores.Add(new EmbeddedIssuingCaStore { Store = store });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            await ReplaceStoreAsync(db, store, ct); // another writer created the row first: the later write wins, as in Exchange
        }
    }

    private static Task<int> ReplaceStoreAsync(AppDbContext db, byte[] store, CancellationToken ct) =>
        db.DirectoryIssuingCaStores.Where(s => s.Id == EmbeddedIssuingCaStore.SingletonId)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.Store, store), ct);

    /// <summary>Set-SmimeConfig fails when a certificate in the store has expired (EXCHANGE.md), and on bytes that
    /// are no store at all.</summary>
    private void RefuseAsExchangeWould(byte[] serializedStore)
    {
        var read = SerializedStore.Read(serializedStore);
        if (read.Store is null)
            throw new DirectoryException(DirectoryFailure.Rejected, $"The issuing-CA store is not a serialized store ({read.Error}).");
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var der in read.Store.CertificateDers)
        {
            X509Certificate certificate;
            try { certificate = new X509CertificateParser().ReadCertificate(der) ?? throw new CertificateException("empty"); }
            catch (Exception e) when (e is CertificateException or IOException or ArgumentException)
            {
                throw new DirectoryException(DirectoryFailure.Rejected, "The issuing-CA store holds a certificate that cannot be read.", inner: e);
            }
            if (certificate.NotAfter < now)
                throw new DirectoryException(DirectoryFailure.Rejected, $"The issuing CA '{certificate.SubjectDN}' expired on {certificate.NotAfter:yyyy-MM-dd}.");
        }
    }

    private static IQueryable<EmbeddedRecipient> Recipients(AppDbContext db) =>
        db.DirectoryRecipients.AsNoTracking().Include(r => r.Addresses).Include(r => r.Certificates).OrderBy(r => r.Id);

    /// <summary>By name or by any address; the name wins when one recipient is named like another's address.</summary>
    private static async Task<EmbeddedRecipient?> FindAsync(IQueryable<EmbeddedRecipient> recipients, string identity, CancellationToken ct)
    {
        var key = EmbeddedRecipient.Normalize(identity);
        var matches = await recipients.Where(r => r.NormalizedName == key || r.Addresses.Any(a => a.NormalizedAddress == key)).ToListAsync(ct);
        return matches.FirstOrDefault(r => r.NormalizedName == key) ?? matches.FirstOrDefault();
    }

    private static IEnumerable<EmbeddedCertificate> Values(int recipientId, CertificateAttribute attribute, IReadOnlyList<byte[]> values) =>
        values.Select((value, order) => new EmbeddedCertificate { RecipientId = recipientId, Attribute = attribute, Order = order, Value = value.ToArray() });

    private static DirectoryRecipient ToDirectoryRecipient(EmbeddedRecipient recipient)
    {
        var addresses = recipient.Addresses.OrderByDescending(a => a.IsPrimary).ThenBy(a => a.Id).Select(a => a.Address).ToList();
        byte[][] Attribute(CertificateAttribute attribute) =>
            [.. recipient.Certificates.Where(c => c.Attribute == attribute).OrderBy(c => c.Order).Select(c => c.Value)];
        return new DirectoryRecipient(recipient.Kind, recipient.Name, recipient.Name, recipient.DisplayName, addresses[0], addresses,
            Attribute(CertificateAttribute.UserCertificate), Attribute(CertificateAttribute.UserSMimeCertificate));
    }
}
