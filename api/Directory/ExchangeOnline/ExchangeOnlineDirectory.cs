using System.Collections.Concurrent;
using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using SmimeAddin.Telemetry;

namespace SmimeAddin.Directory.ExchangeOnline;

/// <summary>The directory port on Exchange Online, through the ExchangeOnlineManagement module hosted in-process.
/// A lookup of N addresses reads, for each chunk of addresses, the mailboxes, mail users and mail contacts holding
/// them (Get-Mailbox, Get-MailUser, Get-MailContact: they carry the certificates) and every recipient holding them
/// (Get-Recipient: groups and the other kinds), all at once on the pool's sessions: with four sessions, a cold check
/// of up to <see cref="ExchangeOnlineOptions.LookupChunkSize"/> addresses costs one round trip of Exchange's latency.
/// A recipient Get-Recipient lists and its kind's read misses is read again by identity (a second round trip, rare).
/// Every cmdlet call is counted on the directory metrics by the session that runs it.</summary>
public sealed class ExchangeOnlineDirectory : IDirectory, IDisposable
{
    private static readonly string[] LookupCmdlets =
        [ExchangeSchema.GetMailbox, ExchangeSchema.GetMailUser, ExchangeSchema.GetMailContact, ExchangeSchema.GetRecipient];

    /// <summary>How long after New-MailContact a NotFound for that contact may be Exchange's replication, not the truth.</summary>
    private static readonly TimeSpan ReplicationWindow = TimeSpan.FromMinutes(1);

    private readonly ExchangeOnlineOptions options;
    private readonly X509Certificate2 certificate;
    private readonly ExchangeSessionPool pool;
    private readonly TimeProvider time;
    private readonly RefusedCmdlets refused = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> created = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>What Exchange refused this app lately and still refuses (a missing role or consent), for /health/ready.</summary>
    public IReadOnlyList<MissingPermissionException> Refused => refused.Current;

    public ExchangeOnlineDirectory(IOptions<ExchangeOnlineOptions> options, TimeProvider time, SmimeMetrics metrics, ILogger<ExchangeOnlineDirectory> logger)
    {
        this.options = options.Value;
        this.time = time;
        certificate = X509CertificateLoader.LoadPkcs12FromFile(this.options.CertificatePath!, this.options.CertificatePassword);
        var backoff = new ReconnectBackoff(time);
        pool = new ExchangeSessionPool(this.options.PoolSize,
            () => new ExchangeSession(this.options, certificate, backoff, refused, metrics, logger),
            () => DirectoryCallRetry.InBackground ? this.options.BackgroundCallRetryBudget : this.options.CallRetryBudget);
    }

    /// <summary>Connects one session now, so that start-up reports a missing module or a refused app.</summary>
    public Task WarmUpAsync(CancellationToken ct) =>
        pool.UseAsync(async session => { await session.EnsureConnectedAsync(ct); return true; }, ct);

    public async Task<IReadOnlyList<DirectoryRecipient>> FindRecipientsAsync(IReadOnlyCollection<string> addresses, CancellationToken ct)
    {
        var wanted = addresses.Select(a => a.Trim()).Where(RecipientFilter.IsAddress)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (wanted.Count == 0)
            return [];
        var reads = wanted.Chunk(options.LookupChunkSize)
            .SelectMany(chunk => LookupCmdlets.Select(cmdlet =>
                (Cmdlet: cmdlet, Found: pool.UseAsync(session => session.InvokeAsync(FilterCommand(cmdlet, chunk), ct), ct))))
            .ToList();
        await Task.WhenAll(reads.Select(read => read.Found));
        // Per identity, the per-kind object (it carries the certificates, even when it says there are none); for the
        // kinds without certificates (groups and the like), Get-Recipient's.
        var detailed = new Dictionary<string, DirectoryRecipient>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in reads.Where(r => r.Cmdlet != ExchangeSchema.GetRecipient).SelectMany(r => r.Found.Result))
            detailed.TryAdd(ExchangeSchema.IdentityOf(item), ExchangeSchema.ToRecipient(item, item));
        var listed = reads.Where(r => r.Cmdlet == ExchangeSchema.GetRecipient).SelectMany(r => r.Found.Result)
            .Where(item => !detailed.ContainsKey(ExchangeSchema.IdentityOf(item))).ToList();
        var rest = await Task.WhenAll(listed.Select(item => UndetailedAsync(item, ct)));
        return [.. detailed.Values, .. rest];
    }

    /// <summary>A recipient Get-Recipient listed and its kind's filtered read did not: a group or the like as it is, or,
    /// for a kind that holds certificates, read again by identity. Still missing, its certificates are unknown, which
    /// is not "none": the look-up fails as Unreadable.</summary>
    private async Task<DirectoryRecipient> UndetailedAsync(PSObject listed, CancellationToken ct)
    {
        var kind = ExchangeSchema.KindOf(ExchangeSchema.Text(listed, ExchangeSchema.RecipientType));
        if (ExchangeSchema.GetCmdletFor(kind) is not { } getCmdlet)
            return ExchangeSchema.ToRecipient(listed);
        var identity = ExchangeSchema.IdentityOf(listed);
        var detail = await pool.UseAsync(async session =>
        {
            try
            {
                return (await session.InvokeAsync(new ExchangeCommand(getCmdlet).With("Identity", identity), ct)).FirstOrDefault();
            }
            catch (DirectoryException e) when (e.Failure == DirectoryFailure.NotFound)
            {
                return null;
            }
        }, ct);
        return detail is not null
            ? ExchangeSchema.ToRecipient(listed, detail)
            : throw new DirectoryException(DirectoryFailure.Unreadable,
                $"Get-Recipient lists {identity} as a {kind}, and {getCmdlet} does not return it: its certificates are unknown.");
    }

    private static ExchangeCommand FilterCommand(string cmdlet, IEnumerable<string> addresses) =>
        new ExchangeCommand(cmdlet)
            .With("Filter", RecipientFilter.AnyAddress(addresses))
            .With("ResultSize", "Unlimited"); // the default stops at 1000

    public Task<DirectoryRecipient?> GetRecipientAsync(string identity, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(identity);
        return pool.UseAsync(session => GetAsync(session, identity.Trim(), JustCreated(identity.Trim()), ct), ct);
    }

    private static async Task<DirectoryRecipient?> GetAsync(ExchangeSession session, string identity, bool mayLag, CancellationToken ct)
    {
        PSObject recipient;
        try
        {
            var results = await session.InvokeAsync(new ExchangeCommand(ExchangeSchema.GetRecipient).With("Identity", identity) with { MayLag = mayLag }, ct);
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
        var detail = await session.InvokeAsync(new ExchangeCommand(getCmdlet).With("Identity", ExchangeSchema.IdentityOf(recipient)) with { MayLag = mayLag }, ct);
        return ExchangeSchema.ToRecipient(recipient, detail.FirstOrDefault());
    }

    public Task<IReadOnlyList<DirectoryRecipient>> ListAsync(RecipientKind kind, CancellationToken ct)
    {
        var cmdlet = kind is RecipientKind.MailContact or RecipientKind.Mailbox ? ExchangeSchema.GetCmdletFor(kind)!
            : throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only mail contacts and mailboxes are listed.");
        // One call: the module pages through the results itself; the default -ResultSize would stop at 1000.
        var command = new ExchangeCommand(cmdlet).With("ResultSize", "Unlimited");
        return pool.UseAsync<IReadOnlyList<DirectoryRecipient>>(async session =>
            [.. (await session.InvokeAsync(command, ct)).Select(item => ExchangeSchema.ToRecipient(item, item))], ct);
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
            var made = await session.InvokeAsync(command, ct);
            if (made.Count == 0)
                throw new DirectoryException(DirectoryFailure.Rejected, "New-MailContact returned no contact.");
            var contact = ExchangeSchema.ToRecipient(made[0], made[0]);
            Created(contact.Identity, contact.Name);
            return contact;
        }, ct);
    }

    /// <summary>Remembers a contact just made, by each identity later calls may name it with, for <see cref="ReplicationWindow"/>.</summary>
    private void Created(params string[] identities)
    {
        var now = time.GetUtcNow();
        foreach (var (identity, at) in created)
        {
            if (now - at > ReplicationWindow)
                created.TryRemove(identity, out _);
        }
        foreach (var identity in identities.Where(i => i.Length > 0))
            created[identity] = now;
    }

    private bool JustCreated(string identity) =>
        created.TryGetValue(identity, out var at) && time.GetUtcNow() - at <= ReplicationWindow;

    public Task SetCertificatesAsync(string identity, RecipientKind kind, RecipientCertificates certificates, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(identity);
        // Both values replace what is there (MultiValuedProperty set whole); an empty array clears it.
        var command = new ExchangeCommand(ExchangeSchema.SetCmdletFor(kind))
            .With("Identity", identity)
            .With("UserCertificate", certificates.UserCertificates.ToArray())
            .With("UserSMimeCertificate", certificates.UserSmimeCertificates.ToArray()) with { MayLag = JustCreated(identity) };
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
