using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using SmimeAddin.Auth;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.Auth;

public sealed class LocalSignInGuardTests
{
    [Fact]
    public void AppRefusesToStartWithLocalSignInOnAnAddressOtherMachinesReach()
    {
        using var factory = new ApiFactory();
        factory.UseKestrel(kestrel => kestrel.ListenAnyIP(0));

        var error = Assert.Throws<InvalidOperationException>(() => factory.StartServer());

        Assert.StartsWith("Local sign-in is on (AzureAd:ClientId is not set) but it is set to listen on", error.Message);
    }

    [Theory]
    [InlineData("urls", "http://localhost:5080;http://0.0.0.0:5080")]
    [InlineData("http_ports", "8080")]
    [InlineData("https_ports", "8443")]
    public async Task GuardRefusesBeforeBindingWhenTheConfiguredAddressIsReachableFromOtherMachines(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();
        var guard = new LocalSignInGuard(new TestServer(new ServiceCollection().BuildServiceProvider()), configuration);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => guard.StartingAsync(default));

        Assert.Contains("which other machines can reach", error.Message);
    }

    [Fact]
    public async Task GuardLetsLoopbackUrlsStart()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("urls", "http://localhost:5080;http://127.0.0.1:5081")]).Build();
        var guard = new LocalSignInGuard(new TestServer(new ServiceCollection().BuildServiceProvider()), configuration);

        await guard.StartingAsync(default);
    }

    [Fact]
    public void AppStartsWithLocalSignInOnLoopback()
    {
        using var factory = new ApiFactory();
        factory.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));

        factory.StartServer();
    }

    [Theory]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://127.0.0.2:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("http://[::]:5080", false)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://*:5080", false)]
    [InlineData("http://+:5080", false)]
    [InlineData("https://server.contoso.example:443", false)]
    [InlineData("http://192.0.2.1:5080", false)]
    public void LoopbackAddressesAreTheOnlyOnesLocalSignInAccepts(string address, bool loopback) =>
        Assert.Equal(loopback, LocalSignInGuard.IsLoopback(address));
}
