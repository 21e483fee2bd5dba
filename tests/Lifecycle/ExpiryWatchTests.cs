using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmimeAddin.ContactRequests;
using SmimeAddin.Data;
using SmimeAddin.Directory;
using SmimeAddin.Lifecycle;
using SmimeAddin.Notifications;
using SmimeAddin.Tests.Support;
using static SmimeAddin.Tests.ContactRequests.Provisioning.Provisioning;

namespace SmimeAddin.Tests.Lifecycle;

/// <summary>The expiry watch on the embedded directory: what a scan reads, what <c>GET /api/admin/certificates/expiring</c>
/// answers from it, and who is warned, once.</summary>
public sealed class ExpiryWatchTests : IDisposable
{
    private const string Route = "/api/admin/certificates/expiring";
    private static readonly TestPki Pki = new("ExpiryWatch");
    private readonly ApiFactory factory = new ApiFactory().With("Notifications:Approvers:0", ApiFactory.Approver);

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task AContactProvisionedWithACertificateExpiringIn10DaysIsListedWithin30Days()
    {
        var request = await ProvisionedAsync("lena.stork@fabrikam.example", "LenaStork_SMIME", days: 10);

        var expiring = await ScanAndListAsync(days: 30);

        var listed = Assert.Single(expiring.GetProperty("certificates").EnumerateArray());
        Assert.Equal(("lena.stork@fabrikam.example", "LenaStork_SMIME", request.Thumbprint, 10),
            (listed.GetProperty("emailAddress").GetString(), listed.GetProperty("entryName").GetString(),
                listed.GetProperty("thumbprint").GetString(), listed.GetProperty("daysLeft").GetInt32()));
    }

    [Fact]
    public async Task ItsRequesterAndTheApproversAreWarnedOnceAndNotAgainOnTheNextScan()
    {
        var request = await ProvisionedAsync("lena.stork@fabrikam.example", "LenaStork_SMIME", days: 10);

        await ScanAsync();
        await ScanAsync();

        var warning = Assert.Single(await OutboxAsync(), m => m.Kind == nameof(NotificationKind.CertificateExpiring));
        Assert.Equal([ApiFactory.Approver, ApiFactory.Requester], warning.To);
        Assert.Equal(request.Id, warning.RequestId);
        Assert.StartsWith("Encryption certificate expiring: lena.stork@fabrikam.example / Certificat de chiffrement", warning.Subject);
        Assert.Contains($"expires on {DateTime.UtcNow.AddDays(10):yyyy-MM-dd}, in 10 days", warning.Body);
    }

    [Fact]
    public async Task TheNextThresholdWarnsAgainWhenItIsReached()
    {
        await ProvisionedAsync("lena.stork@fabrikam.example", "LenaStork_SMIME", days: 10);
        await ScanAsync();
        var warnedAt30 = await WarningsAsync();

        factory.Clock.Advance(TimeSpan.FromDays(4)); // 6 days left: past the 7-day threshold
        // Straight to the scan: a sign-in token made on the moved clock is not valid yet on the system's.
        await factory.Services.GetRequiredService<ExpiryScan>().TryRunAsync(default);

        Assert.Equal((1, 2), (warnedAt30, await WarningsAsync()));
    }

    [Fact]
    public async Task ACertificateFurtherAwayThanTheDaysAskedIsNotListedAndTheRestComeSoonestFirst()
    {
        await ProvisionedAsync("far.away@fabrikam.example", "FarAway_SMIME", days: 200);
        await ProvisionedAsync("later@fabrikam.example", "Later_SMIME", days: 20);
        await ProvisionedAsync("sooner@fabrikam.example", "Sooner_SMIME", days: 5);

        var expiring = await ScanAndListAsync(days: 30);

        Assert.Equal(["sooner@fabrikam.example", "later@fabrikam.example"],
            expiring.GetProperty("certificates").EnumerateArray().Select(c => c.GetProperty("emailAddress").GetString()));
    }

    [Fact]
    public async Task AHandMadeSmimeContactIsWatchedAndAnyOtherContactIsNot()
    {
        await HandMadeContactAsync("Jo Partner_SMIME", "jo.partner@fabrikam.example", Certificate("jo.partner@fabrikam.example", days: 12).Der);
        await HandMadeContactAsync("Jo Partner (sales)", "jo.sales@fabrikam.example", Certificate("jo.sales@fabrikam.example", days: 12).Der);

        var expiring = await ScanAndListAsync(days: 30);

        Assert.Equal(["Jo Partner_SMIME"], expiring.GetProperty("certificates").EnumerateArray().Select(c => c.GetProperty("entryName").GetString()));
    }

    [Fact]
    public async Task AValueThatIsNotACertificateIsListedAsUnreadableNotTakenForNone()
    {
        await HandMadeContactAsync("Broken_SMIME", "broken@fabrikam.example", [0x30, 0x03, 0x02, 0x01, 0x05]);

        var expiring = await ScanAndListAsync(days: 30);

        Assert.Empty(expiring.GetProperty("certificates").EnumerateArray());
        var unreadable = Assert.Single(expiring.GetProperty("unreadable").EnumerateArray());
        Assert.Equal(("Broken_SMIME", "UserCertificate value 1 of 1 is not a DER certificate."),
            (unreadable.GetProperty("entryName").GetString(), unreadable.GetProperty("problem").GetString()));
    }

    [Fact]
    public async Task MailboxesAreWatchedOnlyWhenAsked()
    {
        factory.WithDemoOrganisation();
        var withMailboxes = new ApiFactory().WithDemoOrganisation().With("Lifecycle:IncludeMailboxes", "true");
        using var _ = withMailboxes;

        var without = await ScanAndListAsync(days: 3650);
        var with = await ScanAndListAsync(days: 3650, withMailboxes);

        Assert.DoesNotContain(without.GetProperty("certificates").EnumerateArray(), c => c.GetProperty("emailAddress").GetString() == "ada.admin@contoso.example");
        Assert.Contains(with.GetProperty("certificates").EnumerateArray(), c => c.GetProperty("emailAddress").GetString() == "ada.admin@contoso.example");
    }

    [Fact]
    public async Task BeforeAnyScanTheListSaysNoScanHasBeenMade()
    {
        var approver = await factory.ClientForAsync(ApiFactory.Approver);

        var response = await approver.GetAsync(Route);

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(((int)HttpStatusCode.ServiceUnavailable, "ExpiryScanPending"), (problem.Status, problem.Code));
    }

    [Fact]
    public async Task WhileAnotherInstanceScansAScanAnswersConflict()
    {
        var approver = await factory.ClientForAsync(ApiFactory.Approver);
        await using var other = await factory.Services.GetRequiredService<Leases>().TryHoldAsync("ExpiryScan", TimeSpan.FromMinutes(5), default);

        var response = await approver.PostAsync("/api/admin/certificates/scan", null);

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(((int)HttpStatusCode.Conflict, "ExpiryScanRunning"), (problem.Status, problem.Code));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("3651")]
    public async Task DaysOutsideZeroTo3650AreRefused(string days)
    {
        var approver = await factory.ClientForAsync(ApiFactory.Approver);

        var response = await approver.GetAsync($"{Route}?days={days}");

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(((int)HttpStatusCode.BadRequest, "Validation"), (problem.Status, problem.Code));
    }

    [Fact]
    public async Task ARequesterMayNotSeeTheList()
    {
        var requester = await factory.ClientForAsync(ApiFactory.Requester);

        Assert.Equal(HttpStatusCode.Forbidden, (await requester.GetAsync(Route)).StatusCode);
    }

    [Fact]
    public async Task TheWatchScansByItselfWhenEnabled()
    {
        using var watching = new ApiFactory().With("Lifecycle:Enabled", "true").With("Lifecycle:FirstScanDelay", "00:00:00");
        var approver = await watching.ClientForAsync(ApiFactory.Approver);

        var deadline = DateTime.UtcNow.AddSeconds(15);
        HttpResponseMessage response;
        while ((response = await approver.GetAsync(Route)).StatusCode != HttpStatusCode.OK && DateTime.UtcNow < deadline)
            await Task.Delay(50);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<ContactRequest> ProvisionedAsync(string address, string contactName, int days)
    {
        var request = Approved(Pki, address, contactName, notAfter: factory.Clock.GetUtcNow().UtcDateTime.AddDays(days).AddHours(1));
        await InsertAsync(factory, request);
        await ProvisionAsync(factory, request.Id, ContactRequestStatus.Provisioned);
        return request;
    }

    private IssuedCertificate Certificate(string address, int days) =>
        Pki.Issue(new CertificateSpec { SanEmails = [address], NotAfter = factory.Clock.GetUtcNow().UtcDateTime.AddDays(days).AddHours(1) });

    private async Task HandMadeContactAsync(string name, string address, byte[] userCertificate)
    {
        var directory = factory.Services.GetRequiredService<IDirectory>();
        var contact = await directory.CreateMailContactAsync(new(name, name, address), default);
        await directory.SetCertificatesAsync(contact.Identity, RecipientKind.MailContact, new([userCertificate], []), default);
    }

    private Task ScanAsync() => ScanAsync(factory);

    private static async Task ScanAsync(ApiFactory app)
    {
        var approver = await app.ClientForAsync(ApiFactory.Approver);
        var scan = await approver.PostAsync("/api/admin/certificates/scan", null);
        Assert.Equal(HttpStatusCode.OK, scan.StatusCode);
        Assert.True((await scan.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("succeeded").GetBoolean());
    }

    private async Task<JsonElement> ScanAndListAsync(int days, ApiFactory? app = null)
    {
        app ??= factory;
        await ScanAsync(app);
        var approver = await app.ClientForAsync(ApiFactory.Approver);
        return await approver.GetFromJsonAsync<JsonElement>($"{Route}?days={days}");
    }

    private async Task<int> WarningsAsync()
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.OutboxMessages.CountAsync(m => m.Kind == NotificationKind.CertificateExpiring);
    }

    private async Task<IReadOnlyList<OutboxMessageView>> OutboxAsync()
    {
        var approver = await factory.ClientForAsync(ApiFactory.Approver);
        return (await approver.GetFromJsonAsync<OutboxPage>("/api/admin/notifications/outbox?pageSize=100"))!.Messages;
    }
}
