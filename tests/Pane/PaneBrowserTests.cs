using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.Pane;

/// <summary>The pane in Debian's headless Chromium (web/browser-tests/, node:test with playwright-core) against the
/// real API on a loopback port, embedded default with the demo organisation; Office.js is answered by a stand-in.</summary>
[Collection(PaneCollection.Name)]
public sealed class PaneBrowserTests
{
    [Fact]
    public async Task ThePaneWorksInHeadlessChromiumAgainstTheRealApi()
    {
        await PaneBuild.EnsureBuiltAsync();
        using var factory = new ApiFactory().WithDemoOrganisation();
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.Single();

        var watch = Stopwatch.StartNew();
        var (exitCode, output) = await Repository.RunAsync("node", "--test --test-reporter=spec browser-tests/pane.test.mjs",
            PaneBuild.WebFolder, TimeSpan.FromMinutes(2), new Dictionary<string, string> { ["PANE_URL"] = address, ["NO_COLOR"] = "1" });

        Assert.True(exitCode == 0, $"The browser tests failed ({watch.Elapsed.TotalSeconds:0.0} s) against {address}:\n{output}");
    }
}
