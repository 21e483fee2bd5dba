using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmimeAddin.ContactRequests;
using SmimeAddin.Tests.Support;
using static SmimeAddin.Tests.ContactRequests.Provisioning.Provisioning;

namespace SmimeAddin.Tests.MultiInstance;

/// <summary>Several instances sharing one database, on PostgreSQL (the deployment for it) and on SQLite (instances on
/// one machine sharing a file): one state, one decision, one provisioning per request.</summary>
public sealed class MultiInstanceTests
{
    [Theory, MemberData(nameof(TestDatabase.Kinds), MemberType = typeof(TestDatabase))]
    public async Task ARequestMadeOnOneInstanceIsApprovedOnTheOtherProvisionedOnceAndReadyOnBoth(DatabaseKind kind)
    {
        await using var instances = await TwoInstances.StartAsync(kind);
        var cravate = new CravateRouge();
        var requester = await instances.A.ClientForAsync(ApiFactory.Requester);
        // The approver signed in on A; B accepts A's token because the signing key lives in the shared database.
        var approverOnA = await instances.A.ClientForAsync(ApiFactory.Approver);
        var approverOnB = instances.B.CreateClient();
        approverOnB.DefaultRequestHeaders.Authorization = approverOnA.DefaultRequestHeaders.Authorization;

        var created = await requester.PostAsync("/api/contact-requests", cravate.RequestForm());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var approved = await approverOnB.ApproveTrustingItsCasAsync(id);
        var again = await approverOnA.PostAsJsonAsync($"/api/admin/contact-requests/{id}/reject", new { reason = "Too late." });
        await WaitForAsync(instances.B, id, r => r.Status == ContactRequestStatus.Provisioned);
        instances.A.Clock.Advance(TimeSpan.FromSeconds(10)); // A looked the address up when the request came in
        instances.B.Clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode); // decided once, whichever instance is asked
        Assert.Equal(["ready"], await TwoInstances.StatusesAsync(requester, CravateRouge.Address));
        Assert.Equal(["ready"], await TwoInstances.StatusesAsync(approverOnB, CravateRouge.Address));
        Assert.Single(await HoldersAsync(instances.A, CravateRouge.Address));
        var audit = (await AuditAsync(instances.A, id)).Select(e => e.Action).ToList();
        Assert.Equal(["RequestSubmitted", "RequestApproved", "ProvisioningStarted", "ContactCreated", "IssuersTrusted", "IssuersTrusted",
            "CertificatesSet", "ContactVerified", "RequestProvisioned"], audit);
    }

    [Theory, MemberData(nameof(TestDatabase.Kinds), MemberType = typeof(TestDatabase))]
    public async Task TwoInstancesRacingForTheSameRequestsProvisionEachExactlyOnce(DatabaseKind kind)
    {
        await using var instances = await TwoInstances.StartAsync(kind);
        var pki = new TestPki("Fabrikam");
        var requests = Enumerable.Range(1, 16).Select(n => Approved(pki, $"guest{n}@fabrikam.example", $"Guest{n}_SMIME")).ToArray();
        await InsertAsync(instances.A, requests);

        Wake(instances.A);
        Wake(instances.B);
        foreach (var request in requests)
            await WaitForAsync(instances.A, request.Id, r => r.Status == ContactRequestStatus.Provisioned);

        foreach (var request in requests)
        {
            var audit = (await AuditAsync(instances.A, request.Id)).Select(e => e.Action).ToList();
            Assert.Equal(["ProvisioningStarted", "ContactCreated", "CertificatesSet", "ContactVerified", "RequestProvisioned"], audit);
            Assert.Single(await HoldersAsync(instances.B, request.EmailAddress));
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Kinds), MemberType = typeof(TestDatabase))]
    public async Task AContactPublishedByOneInstanceIsReadyOnTheOtherOnceItsCacheTimeHasPassed(DatabaseKind kind)
    {
        await using var instances = await TwoInstances.StartAsync(kind);
        var pki = new TestPki("Fabrikam");
        var request = Approved(pki, "lea.martin@fabrikam.example", "LeaMartin_SMIME", trustIssuer: true);
        var onA = await instances.A.ClientForAsync(ApiFactory.NoRole);
        var before = await TwoInstances.StatusesAsync(onA, request.EmailAddress);
        await InsertAsync(instances.B, request);
        await ProvisionAsync(instances.B, request.Id, ContactRequestStatus.Provisioned);

        var cached = await TwoInstances.StatusesAsync(onA, request.EmailAddress);
        instances.A.Clock.Advance(TimeSpan.FromSeconds(10)); // Recipients:CacheSeconds and TrustedIssuers:CacheSeconds
        var after = await TwoInstances.StatusesAsync(onA, request.EmailAddress);

        Assert.Equal(["notPublished"], before);
        Assert.Equal(["notPublished"], cached); // A cannot be told; it asks the directory again after 10 s
        Assert.Equal(["ready"], after);
        Assert.Equal("Claimed by worker B.", (await AuditAsync(instances.A, request.Id)).First(e => e.Action == "ProvisioningStarted").Details);
    }

    [Theory, MemberData(nameof(TestDatabase.Kinds), MemberType = typeof(TestDatabase))]
    public async Task TwoAdminsAddingIssuersOnTwoInstancesAtOnceBothKeepTheirIssuer(DatabaseKind kind)
    {
        await using var instances = await TwoInstances.StartAsync(kind);
        var fabrikam = new TestPki("Fabrikam");
        var northwind = new TestPki("Northwind");
        var onA = await instances.A.ClientForAsync(ApiFactory.Approver);
        var onB = instances.B.CreateClient();
        onB.DefaultRequestHeaders.Authorization = onA.DefaultRequestHeaders.Authorization;

        var added = await Task.WhenAll(
            onA.PostAsync("/api/admin/trusted-issuers", Upload(fabrikam.Root.Der)),
            onB.PostAsync("/api/admin/trusted-issuers", Upload(northwind.Root.Der)));
        instances.A.Clock.Advance(TimeSpan.FromSeconds(10));
        var list = await onA.GetFromJsonAsync<JsonElement>("/api/admin/trusted-issuers");

        Assert.All(added, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Equal(
            new[] { fabrikam.Root, northwind.Root }.Select(r => SmimeAddin.Certificates.CertificateFacts.Sha1Thumbprint(r.Certificate)).Order(),
            list.EnumerateArray().Select(i => i.GetProperty("thumbprint").GetString()!).Order());
    }

    private static MultipartFormDataContent Upload(byte[] der) => new() { { new ByteArrayContent(der), "file", "ca.cer" } };
}
