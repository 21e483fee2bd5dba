using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmimeAddin.Notifications;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.Notifications;

public sealed class NotificationsOptionsTests
{
    [Fact]
    public void WithoutGraphSettingsTheOutboxIsTheNotifier()
    {
        using var app = new ApiFactory();

        Assert.IsType<OutboxNotifier>(app.Services.GetRequiredService<INotifier>());
    }

    [Fact]
    public void ACompleteGraphConfigurationMakesGraphTheNotifier()
    {
        using var app = new ApiFactory().With("Notifications:SenderMailbox", "notices@contoso.example")
            .With("Notifications:TenantId", "contoso.onmicrosoft.com").With("Notifications:ClientId", Guid.NewGuid().ToString())
            .With("Notifications:ClientSecret", "secret");

        Assert.IsType<GraphNotifier>(app.Services.GetRequiredService<INotifier>());
    }

    [Fact]
    public void ASenderMailboxAloneStopsStartUpWithASentenceForEachMissingSetting()
    {
        using var app = new ApiFactory().With("Notifications:SenderMailbox", "notices@contoso.example");

        var failure = app.StartupFailure<OptionsValidationException>();

        Assert.Contains(failure.Failures, f => f.StartsWith("Notifications:TenantId is required"));
        Assert.Contains(failure.Failures, f => f.StartsWith("Notifications:ClientId is required"));
        Assert.Contains(failure.Failures, f => f.StartsWith("Set exactly one of Notifications:CertificatePath"));
    }

    [Fact]
    public void CredentialsWithoutASenderMailboxStopStartUpRatherThanFillTheOutbox()
    {
        using var app = new ApiFactory().With("Notifications:TenantId", "contoso.onmicrosoft.com")
            .With("Notifications:ClientId", Guid.NewGuid().ToString()).With("Notifications:ClientSecret", "secret");

        var failure = app.StartupFailure<OptionsValidationException>();

        Assert.StartsWith("Notifications:SenderMailbox is required", Assert.Single(failure.Failures));
    }

    [Fact]
    public void AnApproverThatIsNotAnAddressStopsStartUp()
    {
        using var app = new ApiFactory().With("Notifications:Approvers:0", "Ada Admin");

        var failure = app.StartupFailure<OptionsValidationException>();

        Assert.Equal("Notifications:Approvers holds \"Ada Admin\", which is not an e-mail address.", Assert.Single(failure.Failures));
    }
}
