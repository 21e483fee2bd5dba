using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using System.Net;

namespace SmimeAddin.Auth;

/// <summary>Stops the app when local sign-in would be reachable from another machine: anyone who reaches
/// <c>/auth/local/token</c> can act as any local user. The route also refuses non-loopback callers.</summary>
internal sealed class LocalSignInGuard(IServer server, IConfiguration configuration) : IHostedLifecycleService
{
    /// <summary>Before the server binds: the addresses configured with urls / ASPNETCORE_URLS / HTTP_PORTS.</summary>
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        var urls = (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // HTTP_PORTS and HTTPS_PORTS bind every interface.
        var ports = new[] { "http_ports", "https_ports" }.Select(key => configuration[key]).Where(v => !string.IsNullOrWhiteSpace(v))
            .Select(v => $"http://*:{v}");
        Refuse(urls.Concat(ports));
        return Task.CompletedTask;
    }

    /// <summary>After it bound: also catches endpoints configured in code or in the Kestrel section.</summary>
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        Refuse(server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []);
        return Task.CompletedTask;
    }

    private static void Refuse(IEnumerable<string> addresses)
    {
        var exposed = addresses.Where(address => !IsLoopback(address)).ToList();
        if (exposed.Count > 0)
            throw new InvalidOperationException(
                $"Local sign-in is on (AzureAd:ClientId is not set) but it is set to listen on {string.Join(", ", exposed)}, " +
                "which other machines can reach. Listen on localhost only (--urls http://localhost:5080) or configure AzureAd.");
    }

    internal static bool IsLoopback(string address)
    {
        // Kestrel reports wildcards as http://[::]:port, http://0.0.0.0:port or http://*:port / http://+:port.
        var host = BindingAddress.Parse(address).Host.Trim('[', ']');
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
