using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SmimeAddin.ContactRequests;
using SmimeAddin.Notifications;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.Notifications;

/// <summary>The embedded default: messages kept in the outbox table, listed to approvers.</summary>
public sealed class OutboxTests
{
    private static ApiFactory App() => new ApiFactory().With("Notifications:Approvers:0", ApiFactory.Approver);

    private static Task NotifyAsync(ApiFactory app, NotificationKind kind, string address = "jo.partner@fabrikam.example") =>
        app.Services.GetRequiredService<NotificationSender>().NotifyAsync(kind, SampleRequests.For(address), CancellationToken.None);

    [Fact]
    public async Task WithoutGraphSettingsAMessageIsKeptInTheOutboxWithItsRecipientsSubjectAndBody()
    {
        using var app = App();
        var request = SampleRequests.For();
        await app.Services.GetRequiredService<NotificationSender>().NotifyAsync(NotificationKind.RequestSubmitted, request, CancellationToken.None);
        var approver = await app.ClientForAsync(ApiFactory.Approver);

        var page = await approver.GetFromJsonAsync<OutboxPage>("/api/admin/notifications/outbox");

        var message = Assert.Single(page!.Messages);
        Assert.Equal(nameof(NotificationKind.RequestSubmitted), message.Kind);
        Assert.Equal(request.Id, message.RequestId);
        Assert.Equal([ApiFactory.Approver], message.To);
        Assert.StartsWith("New request for an encryption contact: jo.partner@fabrikam.example / Nouvelle demande", message.Subject);
        Assert.Contains("Jo Partner_SMIME", message.Body);
        Assert.Equal(app.Clock.GetUtcNow(), message.CreatedAt, TimeSpan.FromMilliseconds(1)); // stored at 0.1 ms precision
    }

    [Fact]
    public async Task TheOutboxListsMessagesNewestFirstInPages()
    {
        using var app = App();
        await NotifyAsync(app, NotificationKind.RequestSubmitted, "first@fabrikam.example");
        await NotifyAsync(app, NotificationKind.RequestSubmitted, "second@fabrikam.example");
        await NotifyAsync(app, NotificationKind.RequestSubmitted, "third@fabrikam.example");
        var approver = await app.ClientForAsync(ApiFactory.Approver);

        var first = await approver.GetFromJsonAsync<OutboxPage>("/api/admin/notifications/outbox?pageSize=2");
        var second = await approver.GetFromJsonAsync<OutboxPage>("/api/admin/notifications/outbox?page=2&pageSize=2");

        Assert.Equal(3, first!.Total);
        Assert.Collection(first.Messages, m => Assert.Contains("third@", m.Subject), m => Assert.Contains("second@", m.Subject));
        Assert.Contains("first@", Assert.Single(second!.Messages).Subject);
    }

    [Theory]
    [InlineData(ApiFactory.Requester)]
    [InlineData(ApiFactory.NoRole)]
    public async Task OnlyApproversMayReadTheOutbox(string user)
    {
        using var app = App();
        var client = await app.ClientForAsync(user);

        var response = await client.GetAsync("/api/admin/notifications/outbox");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=201", "pageSize")]
    public async Task APageOutOfRangeIsAValidationProblem(string query, string field)
    {
        using var app = App();
        var approver = await app.ClientForAsync(ApiFactory.Approver);

        var response = await approver.GetAsync("/api/admin/notifications/outbox?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ANewRequestNotifiesNobodyWhenNoApproverIsConfigured()
    {
        using var app = new ApiFactory();
        await NotifyAsync(app, NotificationKind.RequestSubmitted);
        var approver = await app.ClientForAsync(ApiFactory.Approver);

        var page = await approver.GetFromJsonAsync<OutboxPage>("/api/admin/notifications/outbox");

        Assert.Empty(page!.Messages);
    }
}
