using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SmimeAddin.ContactRequests;
using SmimeAddin.ContactRequests.Provisioning;
using SmimeAddin.Directory;
using SmimeAddin.Tests.Support;
using static SmimeAddin.Tests.ContactRequests.Provisioning.Provisioning;

namespace SmimeAddin.Tests.ContactRequests.Provisioning;

/// <summary>Who provisions what when several workers share one database, and what happens when one stops mid-way.</summary>
public sealed class ProvisioningClaimTests
{
    private readonly TestPki pki = new();

    [Fact]
    public async Task TwoWorkersRacingOnOneDatabaseProvisionEachRequestExactlyOnce()
    {
        using var first = new ApiFactory();
        using var second = new ApiFactory().With("DataDirectory", first.DataDirectory);
        var requests = Enumerable.Range(1, 8).Select(i => Approved(pki, $"person{i}@fabrikam.example", $"Person{i}_SMIME")).ToArray();
        await InsertAsync(first, requests);
        _ = second.Services;

        Wake(first);
        Wake(second);
        foreach (var request in requests)
            await WaitForAsync(first, request.Id, r => r.Status == ContactRequestStatus.Provisioned);

        foreach (var request in requests)
        {
            Assert.Single(await HoldersAsync(first, request.EmailAddress));
            var audit = (await AuditAsync(first, request.Id)).Select(a => a.Action).ToList();
            Assert.Equal(["ProvisioningStarted", "ContactCreated", "CertificatesSet", "ContactVerified", "RequestProvisioned"], audit);
        }
    }

    [Theory]
    [InlineData(1)] // looked the name up
    [InlineData(2)] // looked the address up
    [InlineData(3)] // created the contact
    [InlineData(4)] // read the trusted issuers
    [InlineData(5)] // wrote the trusted issuers
    [InlineData(6)] // set the certificates
    [InlineData(7)] // read the contact back
    public async Task AWorkerStoppedAfterAnyDirectoryCallIsResumedByTheNextWithoutDuplicateOrLoss(int calls)
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("smimeaddin-restart-").FullName;
        var request = Approved(pki, "lena.stork@fabrikam.example", "LenaStork_SMIME", trustIssuer: true, withRoot: true);
        var stopper = new StoppingDirectory(calls);
        using (var dying = new ApiFactory().With("DataDirectory", folder))
        {
            dying.ConfigureServices = stopper.Install;
            await InsertAsync(dying, request);
            Wake(dying);
            await stopper.Stopped.WaitAsync(TimeSpan.FromSeconds(15));
        } // the host stops: the worker is cancelled inside the directory call and leaves its claim behind

        using var next = new ApiFactory().With("DataDirectory", folder);
        Assert.Equal(ContactRequestStatus.Provisioning, (await FindAsync(next, request.Id))!.Status);
        next.Clock.Advance(TimeSpan.FromSeconds(31)); // past the 30 s lease
        await ProvisionAsync(next, request.Id, ContactRequestStatus.Provisioned);

        var contact = Assert.Single(await HoldersAsync(next, request.EmailAddress));
        Assert.Equal("LenaStork_SMIME", contact.Name);
        Assert.Equal(request.Certificate, Assert.Single(contact.UserCertificates));
        Assert.Equal(request.CertificateChain, Assert.Single(contact.UserSmimeCertificates));
        var store = SmimeAddin.Certificates.SerializedStore.Read((await DirectoryOf(next).GetIssuingCaStoreAsync(CancellationToken.None))!).Store!;
        Assert.Equal([pki.Intermediate.Der, pki.Root.Der], store.CertificateDers);
        var audit = (await AuditAsync(next, request.Id)).Select(a => a.Action).ToList();
        Assert.Equal(2, audit.Count(a => a == "ProvisioningStarted"));
        Assert.True(audit.Count(a => a == "ContactCreated") <= 1);
        Assert.Equal("RequestProvisioned", Assert.Single(audit, a => a == "RequestProvisioned"));
        SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(folder, recursive: true); }
        catch (IOException) { } // a file still held open only leaves a temp folder behind
    }

    [Fact]
    public async Task AClaimWhoseLeaseHasExpiredIsTakenOver()
    {
        using var factory = new ApiFactory();
        var request = Approved(pki, "lena.stork@fabrikam.example", "LenaStork_SMIME");
        request.Status = ContactRequestStatus.Provisioning;
        request.ClaimedBy = "dead-worker";
        request.ClaimExpiresAt = factory.Clock.GetUtcNow() - TimeSpan.FromSeconds(1);
        await InsertAsync(factory, request);

        await ProvisionAsync(factory, request.Id, ContactRequestStatus.Provisioned);

        var started = (await AuditAsync(factory, request.Id)).First();
        Assert.Equal("ProvisioningStarted", started.Action);
        Assert.Contains("took over from dead-worker", started.Details);
    }

    [Fact]
    public async Task ARequestWhoseWorkerKeepsDyingEndsFailedInsteadOfLooping()
    {
        using var factory = new ApiFactory();
        var request = Approved(pki, "lena.stork@fabrikam.example", "LenaStork_SMIME");
        request.Status = ContactRequestStatus.Provisioning;
        request.ClaimedBy = "dead-worker";
        request.ClaimExpiresAt = factory.Clock.GetUtcNow() - TimeSpan.FromSeconds(1);
        request.Attempts = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ProvisioningOptions>>().Value.MaxAttempts - 1;
        await InsertAsync(factory, request);

        var failed = await ProvisionAsync(factory, request.Id, ContactRequestStatus.Failed);

        Assert.StartsWith("Provisioning was interrupted", failed.LastError);
        Assert.Empty(await HoldersAsync(factory, "lena.stork@fabrikam.example"));
    }

    [Fact]
    public async Task AClaimWhoseLeaseRunsIsLeftToItsWorker()
    {
        using var factory = new ApiFactory();
        var request = Approved(pki, "lena.stork@fabrikam.example", "LenaStork_SMIME");
        request.Status = ContactRequestStatus.Provisioning;
        request.ClaimedBy = "busy-worker";
        request.ClaimExpiresAt = factory.Clock.GetUtcNow() + TimeSpan.FromSeconds(20);
        await InsertAsync(factory, request);

        var handled = await factory.Services.GetRequiredService<ProvisioningWorker>().RunPassAsync(CancellationToken.None);

        Assert.Equal(0, handled);
        Assert.Equal("busy-worker", (await FindAsync(factory, request.Id))!.ClaimedBy);
        Assert.Empty(await HoldersAsync(factory, request.EmailAddress));
    }

    [Fact]
    public async Task AnApprovedRequestWaitsForItsNextAttempt()
    {
        using var factory = new ApiFactory();
        var request = Approved(pki, "lena.stork@fabrikam.example", "LenaStork_SMIME");
        request.Attempts = 1;
        request.NextAttemptAt = factory.Clock.GetUtcNow() + TimeSpan.FromSeconds(10);
        await InsertAsync(factory, request);
        var worker = factory.Services.GetRequiredService<ProvisioningWorker>();

        Assert.Equal(0, await worker.RunPassAsync(CancellationToken.None));
        factory.Clock.Advance(TimeSpan.FromSeconds(10));
        await WaitForAsync(factory, request.Id, r => r.Status == ContactRequestStatus.Provisioned); // the poll interval passed too
    }

    /// <summary>The app's directory, until the <c>n</c>-th call: that one is carried out, then never returns until the
    /// host stops, as if the process had died right after the directory did the work and before it was recorded.</summary>
    private sealed class StoppingDirectory(int n) : IDirectory
    {
        private readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private IDirectory inner = null!;
        private int calls;

        public Task Stopped => stopped.Task;

        public void Install(IServiceCollection services)
        {
            var original = services.Last(d => d.ServiceType == typeof(IDirectory));
            services.Remove(original);
            services.AddSingleton<IDirectory>(provider =>
            {
                inner = (IDirectory)ActivatorUtilities.CreateInstance(provider, original.ImplementationType!);
                return this;
            });
        }

        private async Task<T> CallAsync<T>(Func<Task<T>> call, CancellationToken ct)
        {
            var result = await call();
            if (Interlocked.Increment(ref calls) == n)
            {
                stopped.SetResult();
                await Task.Delay(Timeout.Infinite, ct);
            }
            return result;
        }

        public Task<IReadOnlyList<DirectoryRecipient>> FindRecipientsAsync(IReadOnlyCollection<string> addresses, CancellationToken ct) =>
            CallAsync(() => inner.FindRecipientsAsync(addresses, ct), ct);

        public Task<DirectoryRecipient?> GetRecipientAsync(string identity, CancellationToken ct) =>
            CallAsync(() => inner.GetRecipientAsync(identity, ct), ct);

        public Task<IReadOnlyList<DirectoryRecipient>> ListAsync(RecipientKind kind, CancellationToken ct) =>
            CallAsync(() => inner.ListAsync(kind, ct), ct);

        public Task<DirectoryRecipient> CreateMailContactAsync(NewMailContact contact, CancellationToken ct) =>
            CallAsync(() => inner.CreateMailContactAsync(contact, ct), ct);

        public Task SetCertificatesAsync(string identity, RecipientKind kind, RecipientCertificates certificates, CancellationToken ct) =>
            CallAsync(async () => { await inner.SetCertificatesAsync(identity, kind, certificates, ct); return true; }, ct);

        public Task<byte[]?> GetIssuingCaStoreAsync(CancellationToken ct) => CallAsync(() => inner.GetIssuingCaStoreAsync(ct), ct);

        public Task SetIssuingCaStoreAsync(byte[] serializedStore, CancellationToken ct) =>
            CallAsync(async () => { await inner.SetIssuingCaStoreAsync(serializedStore, ct); return true; }, ct);
    }
}
