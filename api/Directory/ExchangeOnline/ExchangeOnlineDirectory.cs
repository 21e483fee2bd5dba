using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace SmimeAddin.Directory.ExchangeOnline;

/// <summary>The directory port on Exchange Online, through the ExchangeOnlineManagement module hosted in-process.
/// A lookup of N addresses costs ceil(N / chunk) Get-Recipient calls plus, for the mailboxes, mail users and mail
/// contacts found, ceil(found / chunk) calls of Get-Mailbox, Get-MailUser and Get-MailContact for their certificates.</summary>
public sealed class ExchangeOnlineDirectory : IDirectory, IDisposable
{
    private static readonly RecipientKind[] KindsWithCertificates = [RecipientKind.Mailbox, RecipientKind.MailUser, RecipientKind.MailContact];

    private readonly ExchangeOnlineOptions options;
    private readonly X509Certificate2 certificate;
    private readonly ExchangeSessionPool pool;
    private readonly RefusedCmdlets refused = new();

    /// <summary>What Exchange refused this app lately and still refuses (a missing role or consent), for /health/ready.</summary>
    public IReadOnlyList<MissingPermissionException> Refused => refused.Current;

    public ExchangeOnlineDirectory(IOptions<ExchangeOnlineOptions> options, TimeProvider time, ILogger<ExchangeOnlineDirectory> logger)
    {
        this.options = options.Value;
        certificate = X509CertificateLoader.LoadPkcs12FromFile(this.options.CertificatePath!, this.options.CertificatePassword);
        var backoff = new ReconnectBackoff(time);
        pool = new ExchangeSessionPool(this.options.PoolSize, () => new ExchangeSession(this.options, certificate, backoff, refused, logger),
            () => DirectoryCallRetry.InBackground ? this.options.BackgroundCallRetryBudget : this.options.CallRetryBudget);
    }

    /// <summary>Connects one session now, so that start-up reports a missing module or a refused app.</summary>
    public Task WarmUpAsync(CancellationToken ct) =>
        pool.UseAsync(async session => { await session.EnsureConnectedAsync(ct); return true; }, ct);

    public Task<IReadOnlyList<DirectoryRecipient>> FindRecipientsAsync(IReadOnlyCollection<string> addresses, CancellationToken ct)
    {
        var wanted = addresses.Select(a => a.Trim()).Where(RecipientFilter.IsAddress)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (wanted.Count == 0)
            return Task.FromResult<IReadOnlyList<DirectoryRecipient>>([]);
        return pool.UseAsync(session => FindAsync(session, wanted, ct), ct);
    }

    private async Task<IReadOnlyList<DirectoryRecipient>> FindAsync(ExchangeSession session, List<string> wanted, CancellationToken ct)
    {
        var found = new Dictionary<string, PSObject>(StringComparer.OrdinalIgnoreCase);
        foreach (var chunk in wanted.Chunk(options.LookupChunkSize))
        {
            foreach (var recipient in await session.InvokeAsync(FilterCommand(ExchangeSchema.GetRecipient, chunk), ct))
                found.TryAdd(ExchangeSchema.IdentityOf(recipient), recipient);
        }

        // Certificates: one filtered call per kind and chunk, on the primary addresses of what Get-Recipient found.
        var detailed = new Dictionary<string, PSObject>(StringComparer.OrdinalIgnoreCase);
        foreach (var kind in KindsWithCertificates)
        {
            var primaries = found.Values.Where(r => ExchangeSchema.KindOf(ExchangeSchema.Text(r, ExchangeSchema.RecipientType)) == kind)
                .Select(r => ExchangeSchema.Text(r, ExchangeSchema.PrimarySmtpAddress))
                .OfType<string>().Where(RecipientFilter.IsAddress).ToList();
            foreach (var chunk in primaries.Chunk(options.LookupChunkSize))
            {
                foreach (var item in await session.InvokeAsync(FilterCommand(ExchangeSchema.GetCmdletFor(kind)!, chunk), ct))
                    detailed.TryAdd(ExchangeSchema.IdentityOf(item), item);
            }
        }
        return found.Select(pair => ExchangeSchema.ToRecipient(pair.Value, detailed.GetValueOrDefault(pair.Key))).ToList();
    }

    private static ExchangeCommand FilterCommand(string cmdlet, IEnumerable<string> addresses) =>
        new ExchangeCommand(cmdlet)
            .With("Filter", RecipientFilter.AnyAddress(addresses))
            .With("ResultSize", "Unlimited"); // the default stops at 1000

    public Task<DirectoryRecipient?> GetRecipientAsync(string identity, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(identity);
        return pool.UseAsync(session => GetAsync(session, identity.Trim(), ct), ct);
    }

    private static async Task<DirectoryRecipient?> GetAsync(ExchangeSession session, string identity, CancellationToken ct)
    {
        PSObject recipient;
        try
        {
            var results = await session.InvokeAsync(new ExchangeCommand(ExchangeSchema.GetRecipient).With("Identity", identity), ct);
            if (results.Count == 0)
                return null;
            recipient = results[0];
        }
        catch (DirectoryException e) when (e.Failure == DirectoryFailure.NotFound)
        {
            return null;
        }
        var kind = ExchangeSchema.KindOf(ExchangeSchema.Text(recipient, ExchangeSchema.RecipientType));
        if (ExchangeSchema.GetCmdletFor(kind) is not { } getCmdlet)
            return ExchangeSchema.ToRecipient(recipient);
        var detail = await session.InvokeAsync(new ExchangeCommand(getCmdlet).With("Identity", ExchangeSchema.IdentityOf(recipient)), ct);
        return ExchangeSchema.ToRecipient(recipient, detail.FirstOrDefault());
    }

    public Task<DirectoryRecipient> CreateMailContactAsync(NewMailContact contact, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(contact.Name);
        if (!RecipientFilter.IsAddress(contact.ExternalEmailAddress))
            throw new DirectoryException(DirectoryFailure.Rejected, "The contact's external address is not an e-mail address.");
        var command = new ExchangeCommand(ExchangeSchema.NewMailContact)
            .With("Name", contact.Name)
            .With("ExternalEmailAddress", contact.ExternalEmailAddress)
            .With("DisplayName", string.IsNullOrWhiteSpace(contact.DisplayName) ? contact.Name : contact.DisplayName);
        return pool.UseAsync(async session =>
        {
            var created = await session.InvokeAsync(command, ct);
            return created.Count > 0
                ? ExchangeSchema.ToRecipient(created[0], created[0])
                : throw new DirectoryException(DirectoryFailure.Rejected, "New-MailContact returned no contact.");
        }, ct);
    }

    public Task SetCertificatesAsync(string identity, RecipientKind kind, RecipientCertificates certificates, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(identity);
        // Both values replace what is there (MultiValuedProperty set whole); an empty array clears it.
        var command = new ExchangeCommand(ExchangeSchema.SetCmdletFor(kind))
            .With("Identity", identity)
            .With("UserCertificate", certificates.UserCertificates.ToArray())
            .With("UserSMimeCertificate", certificates.UserSmimeCertificates.ToArray());
        return pool.UseAsync(session => session.InvokeAsync(command, ct), ct);
    }

    public Task<byte[]?> GetIssuingCaStoreAsync(CancellationToken ct) =>
        pool.UseAsync(async session =>
        {
            var config = await session.InvokeAsync(new ExchangeCommand(ExchangeSchema.GetSmimeConfig), ct);
            return config.Count == 0 ? null : ExchangeSchema.Blob(config[0], ExchangeSchema.SmimeIssuingCa);
        }, ct);

    public Task SetIssuingCaStoreAsync(byte[] serializedStore, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(serializedStore);
        var command = new ExchangeCommand(ExchangeSchema.SetSmimeConfig).With("SMIMECertificateIssuingCA", serializedStore);
        return pool.UseAsync(session => session.InvokeAsync(command, ct), ct);
    }

    public void Dispose()
    {
        pool.Dispose();
        certificate.Dispose();
    }
}
