using Microsoft.Extensions.Options;
using SmimeAddin.ContactRequests.Provisioning;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.ContactRequests.Provisioning;

public sealed class ProvisioningOptionsTests
{
    [Theory]
    [InlineData(1, null, 10)]
    [InlineData(2, null, 20)]
    [InlineData(3, null, 40)]
    [InlineData(7, null, 600)] // 640 s capped at 10 min
    [InlineData(60, null, 600)]
    [InlineData(1, 45, 45)] // the directory asked for longer
    [InlineData(3, 5, 40)]
    public void BackOffDoublesFromTheBaseUpToTheCapUnlessTheDirectoryAsksForLonger(int attempts, int? retryAfterSeconds, int expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds),
            new ProvisioningOptions().BackoffAfter(attempts, retryAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : null));

    [Fact]
    public void AppRefusesToStartWithACapBelowTheBackOffBase()
    {
        using var factory = new ApiFactory().With("Provisioning:BackoffBase", "00:01:00").With("Provisioning:MaxBackoff", "00:00:30");

        var failure = factory.StartupFailure<OptionsValidationException>();

        Assert.Contains("MaxBackoff", failure.Message);
    }
}
