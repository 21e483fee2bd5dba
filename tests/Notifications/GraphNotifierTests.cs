using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmimeAddin.ContactRequests;
using SmimeAddin.Notifications;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.Notifications;

/// <summary>The Graph adapter inside the real app, over real HTTPS, against <see cref="GraphStandIn"/>.</summary>
public sealed class GraphNotifierTests : IAsyncLifetime
{
    private const string Sender = "smime-notices@contoso.example";

    private GraphStandIn graph = null!;
    private readonly LogCapture log = new();
    private readonly string folder = System.IO.Directory.CreateTempSubdirectory("smimeaddin-graph-").FullName;

    public async Task InitializeAsync() => graph = await GraphStandIn.StartAsync();

    public async Task DisposeAsync()
    {
        await graph.DisposeAsync();
        System.IO.Directory.Delete(folder, recursive: true);
    }

    private ApiFactory App()
    {
        var factory = new ApiFactory().With("Notifications:Approvers:0", ApiFactory.Approver)
            .With("Notifications:Approvers:1", "bob.boss@contoso.example");
        foreach (var (key, value) in graph.Settings(Sender))
            factory.With(key, value);
        factory.ConfigureServices = services =>
        {
            services.AddHttpClient(GraphNotifier.GraphClientName).ConfigurePrimaryHttpMessageHandler(graph.TrustingHandler);
            services.AddHttpClient(GraphNotifier.LoginClientName).ConfigurePrimaryHttpMessageHandler(graph.TrustingHandler);
            services.AddSingleton<ILoggerProvider>(log);
        };
        return factory;
    }

    [Fact]
    public async Task ANewRequestIsMailedThroughGraphFromTheSenderMailboxToEveryApprover()
    {
        using var app = App();
        var request = SampleRequests.For();

        await app.Services.GetRequiredService<NotificationSender>().NotifyAsync(NotificationKind.RequestSubmitted, request, CancellationToken.None);

        Assert.Empty(graph.Refusals);
        var mail = Assert.Single(graph.Sent);
        Assert.Equal(Sender, mail.Sender);
        Assert.Equal([ApiFactory.Approver, "bob.boss@contoso.example"], mail.To);
        Assert.Equal("New request for an encryption contact: jo.partner@fabrikam.example / Nouvelle demande de contact de chiffrement : jo.partner@fabrikam.example", mail.Subject);
        Assert.Equal("text", mail.ContentType, ignoreCase: true);
        Assert.StartsWith("René Requester <rene.requester@contoso.example> asks that the certificate of Jo Partner <jo.partner@fabrikam.example>", mail.Content);
        Assert.Contains("René Requester <rene.requester@contoso.example> demande que le certificat", mail.Content);
        Assert.Contains(request.Id.ToString(), mail.Content);
        Assert.False(mail.SaveToSentItems);
    }

    [Fact]
    public async Task TheTokenIsFetchedOnceForSeveralMessages()
    {
        using var app = App();
        var sender = app.Services.GetRequiredService<NotificationSender>();

        await sender.NotifyAsync(NotificationKind.RequestApproved, SampleRequests.For(), CancellationToken.None);
        await sender.NotifyAsync(NotificationKind.RequestProvisioned, SampleRequests.For(), CancellationToken.None);

        Assert.Empty(graph.Refusals);
        Assert.Equal(2, graph.Sent.Count);
        Assert.Equal(1, graph.TokenRequests);
        Assert.All(graph.Sent, mail => Assert.Equal([ApiFactory.Requester], mail.To));
    }

    [Fact]
    public async Task ACertificateCredentialSignsTheTokenRequestWithTheAppsCertificate()
    {
        var pfx = Path.Combine(folder, "app.pfx");
        using var appCertificate = GraphAppCertificate.Write(pfx, "pfx password");
        graph.ClientCertificate = appCertificate;
        using var app = App().With("Notifications:ClientSecret", null)
            .With("Notifications:CertificatePath", pfx).With("Notifications:CertificatePassword", "pfx password");

        await app.Services.GetRequiredService<NotificationSender>().NotifyAsync(NotificationKind.RequestSubmitted, SampleRequests.For(), CancellationToken.None);

        Assert.Empty(graph.Refusals);
        Assert.Single(graph.Sent);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task AGraphFailureIsLoggedWithTheKindAndRequestAndNeverThrown(HttpStatusCode failure)
    {
        graph.SendMailStatus = failure;
        using var app = App();
        var request = SampleRequests.For(status: ContactRequestStatus.Rejected);
        request.RejectionReason = "Not a partner of ours.";

        await app.Services.GetRequiredService<NotificationSender>().NotifyAsync(NotificationKind.RequestRejected, request, CancellationToken.None);

        Assert.Empty(graph.Sent);
        Assert.True(graph.SendMailCalls >= 1);
        var error = Assert.Single(log.Entries, e => e.Category == typeof(NotificationSender).FullName && e.Level == LogLevel.Error);
        Assert.Contains(nameof(NotificationKind.RequestRejected), error.Message);
        Assert.Contains(request.Id.ToString(), error.Message);
        Assert.DoesNotContain(log.Entries, e => e.Message.Contains("Bearer ", StringComparison.Ordinal));
    }
}
