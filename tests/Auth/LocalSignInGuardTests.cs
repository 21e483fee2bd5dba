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
    [InlineData("urls", "http://localhost:0;http://0.0.0.0:0")]
    [InlineData("http_ports", "0")]
    public void AppRefusesBeforeBindingWhenTheConfiguredAddressIsReachableFromOtherMachines(string key, string value)
    {
        using var factory = new ApiFactory().With(key, value);
        factory.UseKestrel();

        var error = Assert.Throws<InvalidOperationException>(() => factory.StartServer());

        Assert.Contains("which other machines can reach", error.Message);
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
