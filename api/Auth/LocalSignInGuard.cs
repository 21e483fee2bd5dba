using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using System.Net;

namespace SmimeAddin.Auth;

/// <summary>Stops the app when local sign-in would be reachable from another machine: anyone who reaches
/// <c>/auth/local/token</c> can act as any local user. The route also refuses non-loopback callers.</summary>
internal sealed class LocalSignInGuard(IServer server) : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var exposed = addresses.Where(address => !IsLoopback(address)).ToList();
        if (exposed.Count > 0)
            throw new InvalidOperationException(
                $"Local sign-in is on (AzureAd:ClientId is not set) but the app listens on {string.Join(", ", exposed)}, " +
                "which other machines can reach. Listen on localhost only (--urls http://localhost:5080) or configure AzureAd.");
        return Task.CompletedTask;
    }

    internal static bool IsLoopback(string address)
    {
        // Kestrel reports wildcards as http://[::]:port, http://0.0.0.0:port or http://*:port / http://+:port.
        var host = BindingAddress.Parse(address).Host.Trim('[', ']');
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
