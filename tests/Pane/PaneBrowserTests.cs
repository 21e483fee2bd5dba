using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using SmimeAddin.Tests.Support;
using Xunit.Abstractions;

namespace SmimeAddin.Tests.Pane;

/// <summary>The pane in Debian's headless Chromium (web/browser-tests/, node:test with playwright-core) against the
/// real API on a loopback port, embedded default with the demo organisation; Office.js is answered by a stand-in.</summary>
[Collection(PaneCollection.Name)]
public sealed class PaneBrowserTests(ITestOutputHelper log)
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

        // The certificate the request test drops on the pane: Paul's (not published in the demo), from a CA the
        // organisation does not trust yet, which an approver may still accept.
        var folder = System.IO.Directory.CreateTempSubdirectory("smimeaddin-browser-").FullName;
        var certificate = Path.Combine(folder, "paul.nobody.cer");
        await File.WriteAllBytesAsync(certificate, new TestPki("Northwind").Issue(new CertificateSpec
        {
            Subject = "CN=Paul Nobody", SanEmails = ["paul.nobody@northwind.example"],
        }).Der);

        var watch = Stopwatch.StartNew();
        var environment = new Dictionary<string, string> { ["PANE_URL"] = address, ["PANE_CERTIFICATE"] = certificate, ["NO_COLOR"] = "1" };
        // PANE_SCREENSHOT=web/docs/taskpane-preview.png dotnet test ... refreshes the README's picture.
        if (Environment.GetEnvironmentVariable("PANE_SCREENSHOT") is { Length: > 0 } screenshot)
            environment["PANE_SCREENSHOT"] = Path.GetFullPath(screenshot, Repository.Root);
        var (exitCode, output) = await Repository.RunAsync("node", "--test --test-reporter=spec browser-tests/pane.test.mjs",
            PaneBuild.WebFolder, TimeSpan.FromMinutes(2), environment);
        System.IO.Directory.Delete(folder, recursive: true);
        log.WriteLine($"node --test browser-tests/pane.test.mjs: {watch.Elapsed.TotalSeconds:0.0} s\n{output}");

        Assert.True(exitCode == 0, $"The browser tests failed ({watch.Elapsed.TotalSeconds:0.0} s) against {address}:\n{output}");
    }
}
