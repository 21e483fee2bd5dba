using Microsoft.Extensions.Options;
using SmimeAddin.ContactRequests;
using SmimeAddin.Notifications;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.ContactRequests;

public sealed class NotificationComposerTests
{
    private static readonly NotificationComposer Composer = new(Options.Create(new NotificationsOptions()));

    [Fact]
    public void ARejectionTellsTheRequesterWhoRejectedItAndWhyInEnglishThenFrench()
    {
        var request = SampleRequests.For(status: ContactRequestStatus.Rejected);
        request.DecidedBy = ApiFactory.Approver;
        request.RejectionReason = "Not a partner of ours.";

        var message = Composer.Compose(NotificationKind.RequestRejected, request);

        Assert.Equal([ApiFactory.Requester], message.To);
        Assert.Equal("Request rejected: jo.partner@fabrikam.example / Demande refusée : jo.partner@fabrikam.example", message.Subject);
        var english = message.Body.IndexOf("ada.admin@contoso.example rejected your request for Jo Partner <jo.partner@fabrikam.example>.", StringComparison.Ordinal);
        var french = message.Body.IndexOf("ada.admin@contoso.example a refusé votre demande pour Jo Partner <jo.partner@fabrikam.example>.", StringComparison.Ordinal);
        Assert.InRange(english, 0, french - 1);
        Assert.Contains("Reason: Not a partner of ours.", message.Body);
        Assert.Contains("Motif : Not a partner of ours.", message.Body);
    }

    [Fact]
    public void AFailureTellsTheRequesterTheErrorAndThatAnAdministratorCanRetry()
    {
        var request = SampleRequests.For(status: ContactRequestStatus.Failed);
        request.LastError = "Exchange Online is throttling requests.";

        var message = Composer.Compose(NotificationKind.RequestFailed, request);

        Assert.Contains("The contact Jo Partner_SMIME for Jo Partner <jo.partner@fabrikam.example> could not be created: Exchange Online is throttling requests.", message.Body);
        Assert.Contains($"An administrator can retry the request ({request.Id}).", message.Body);
    }

    [Fact]
    public void AProvisionedContactTellsTheRequesterWhichEntryToPick()
    {
        var message = Composer.Compose(NotificationKind.RequestProvisioned, SampleRequests.For(status: ContactRequestStatus.Provisioned));

        Assert.Contains("pick Jo Partner_SMIME from the address book", message.Body);
        Assert.Contains("choisissez Jo Partner_SMIME dans le carnet d'adresses", message.Body);
    }
}
