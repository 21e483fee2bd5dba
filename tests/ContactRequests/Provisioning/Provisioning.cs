using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmimeAddin.Audit;
using SmimeAddin.Certificates;
using SmimeAddin.ContactRequests;
using SmimeAddin.ContactRequests.Provisioning;
using SmimeAddin.Data;
using SmimeAddin.Directory;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.ContactRequests.Provisioning;

/// <summary>What the provisioning tests share: approved requests made from TestPki certificates, put straight in the
/// app's database, and a bounded wait on the database for the worker to get somewhere.</summary>
internal static class Provisioning
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    /// <param name="trustIssuer">Approved trusting every CA of the chain, by thumbprint.</param>
    /// <param name="notAfter">The certificate's end; a year from now when not given.</param>
    public static ContactRequest Approved(TestPki pki, string address, string contactName, bool trustIssuer = false, bool withRoot = false,
        IssuedCertificate? issuer = null, DateTime? notAfter = null)
    {
        var spec = new CertificateSpec { SanEmails = [address] };
        spec = notAfter is { } end ? spec with { NotAfter = end } : spec;
        var certificate = issuer is null
            ? pki.Issue(spec)
            : TestPki.Issue(issuer, spec, TestPki.Generate(KeyKind.Rsa2048));
        var chain = new[] { certificate.Certificate, (issuer ?? pki.Intermediate).Certificate }
            .Concat(withRoot ? [pki.Root.Certificate] : []).ToList();
        return new ContactRequest
        {
            Id = Guid.NewGuid(),
            EmailAddress = address,
            NormalizedEmailAddress = address.ToLowerInvariant(),
            DisplayName = contactName.Replace("_SMIME", ""),
            ContactName = contactName,
            RequestedBy = ApiFactory.Requester,
            RequestedByName = "René Requester",
            RequestedAt = DateTimeOffset.UtcNow,
            Certificate = certificate.Der,
            CertificateChain = CertificateChains.CertificatesOnly(chain),
            Thumbprint = CertificateFacts.Sha1Thumbprint(certificate.Certificate),
            CertificateNotAfter = new DateTimeOffset(certificate.Certificate.NotAfter, TimeSpan.Zero),
            Status = ContactRequestStatus.Approved,
            DecidedBy = ApiFactory.Approver,
            DecidedAt = DateTimeOffset.UtcNow,
            Authorities = CertificateChains.CertificatesOnly(chain.Skip(1)),
            TrustIssuer = trustIssuer,
            TrustIssuerThumbprints = trustIssuer ? string.Join(',', chain.Skip(1).Select(CertificateFacts.Sha1Thumbprint)) : null,
        };
    }

    public static async Task InsertAsync(ApiFactory factory, params ContactRequest[] requests)
    {
        await using var db = await Contexts(factory).CreateDbContextAsync();
        db.ContactRequests.AddRange(requests);
        await db.SaveChangesAsync();
    }

    public static void Wake(ApiFactory factory) => factory.Services.GetRequiredService<ProvisioningSignal>().Wake();

    /// <summary>Wakes the worker and waits until the request reaches <paramref name="status"/> (and, if given,
    /// <paramref name="also"/> holds), polling the database for at most 15 s.</summary>
    public static async Task<ContactRequest> ProvisionAsync(ApiFactory factory, Guid id, ContactRequestStatus status,
        Func<ContactRequest, bool>? also = null)
    {
        Wake(factory);
        return await WaitForAsync(factory, id, r => r.Status == status && (also?.Invoke(r) ?? true));
    }

    public static async Task<ContactRequest> WaitForAsync(ApiFactory factory, Guid id, Func<ContactRequest, bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        ContactRequest? request;
        do
        {
            request = await FindAsync(factory, id);
            if (request is not null && condition(request))
                return request;
            await Task.Delay(20);
        } while (DateTime.UtcNow < deadline);
        Assert.Fail($"Request {id} is {request?.Status} (attempts {request?.Attempts}, error '{request?.LastError}') after {Patience.TotalSeconds} s.");
        return null!;
    }

    public static async Task<ContactRequest?> FindAsync(ApiFactory factory, Guid id)
    {
        await using var db = await Contexts(factory).CreateDbContextAsync();
        return await db.ContactRequests.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id);
    }

    public static async Task<List<AuditEvent>> AuditAsync(ApiFactory factory, Guid id)
    {
        await using var db = await Contexts(factory).CreateDbContextAsync();
        return await db.AuditEvents.AsNoTracking().Where(a => a.RequestId == id).OrderBy(a => a.Id).ToListAsync();
    }

    public static IDirectory DirectoryOf(ApiFactory factory) => factory.Services.GetRequiredService<IDirectory>();

    /// <summary>Every recipient holding the address: one, when nothing was duplicated.</summary>
    public static async Task<IReadOnlyList<DirectoryRecipient>> HoldersAsync(ApiFactory factory, string address) =>
        await DirectoryOf(factory).FindRecipientsAsync([address], CancellationToken.None);

    private static IDbContextFactory<AppDbContext> Contexts(ApiFactory factory) =>
        factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
}
