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
        foreach (var (variable, path) in await ReceivedMessagesAsync(folder))
            environment[variable] = path;
        // PANE_SCREENSHOT=web/docs/taskpane-preview.png dotnet test ... refreshes the README's picture.
        // PANE_READ_SCREENSHOT=web/docs/taskpane-read.png does the same for the read view's picture.
        foreach (var variable in new[] { "PANE_SCREENSHOT", "PANE_READ_SCREENSHOT" })
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } screenshot)
                environment[variable] = Path.GetFullPath(screenshot, Repository.Root);
        var (exitCode, output) = await Repository.RunAsync("node", "--test --test-reporter=spec browser-tests/pane.test.mjs",
            PaneBuild.WebFolder, TimeSpan.FromMinutes(4), environment); // some 17 tests: room for a busy machine
        System.IO.Directory.Delete(folder, recursive: true);
        log.WriteLine($"node --test browser-tests/pane.test.mjs: {watch.Elapsed.TotalSeconds:0.0} s\n{output}");

        Assert.True(exitCode == 0, $"The browser tests failed ({watch.Elapsed.TotalSeconds:0.0} s) against {address}:\n{output}");
    }

    /// <summary>The received mail the read-mode tests open: messages from new partners signed with certificates of a CA
    /// the demo organisation does not trust yet (the message carries it, so an approver can trust it), and one
    /// that is not signed.</summary>
    private static async Task<Dictionary<string, string>> ReceivedMessagesAsync(string folder)
    {
        var files = new Dictionary<string, string>();
        async Task Save(string variable, byte[] eml)
        {
            var path = Path.Combine(folder, variable.ToLowerInvariant() + ".eml");
            await File.WriteAllBytesAsync(path, eml);
            files[variable] = path;
        }
        // A CA each: the English test's approval trusts its CA, which must not make the French test's certificate usable.
        foreach (var (variable, name, partner, subject, ca) in new[]
        {
            ("PANE_SIGNED_MESSAGE_EN", "Léa Martin", "lea.martin@northwind.example", "Our signed offer", "Northwind Partners"),
            ("PANE_SIGNED_MESSAGE_FR", "Chloé Durand", "chloe.durand@northwind.example", "Notre offre signée", "Partenaires Sud"),
            ("PANE_SIGNED_MESSAGE_GRAPH", "Noah Graph", "noah.graph@northwind.example", "Signed, through Graph", "Graph Partners"),
            ("PANE_SIGNED_MESSAGE_IRIS", "Iris Compose", "iris.compose@northwind.example", "Our contract", "Iris Partners"),
        })
        {
            var pki = new TestPki(ca);
            var signer = pki.Issue(new CertificateSpec { Subject = $"CN={name}", SanEmails = [partner] });
            await Save(variable, SampleFiles.SignedMessageFrom(signer, [signer.Certificate, pki.Intermediate.Certificate, pki.Root.Certificate],
                name, partner, subject));
        }
        await Save("PANE_UNSIGNED_MESSAGE", SampleFiles.Message(SampleFiles.Body(), "Hugo Plain", "hugo.plain@northwind.example", "Not signed"));

        // Rita's contact is made from her current certificate (ending in 20 days); then she sends a message signed with
        // the certificate that follows it, which renews the contact.
        var renewal = new TestPki("Renewal Partners");
        const string rita = "rita.renew@northwind.example";
        var current = renewal.Issue(new CertificateSpec { Subject = "CN=Rita Renew", SanEmails = [rita], NotAfter = DateTime.UtcNow.AddDays(20) });
        var next = renewal.Issue(new CertificateSpec { Subject = "CN=Rita Renew", SanEmails = [rita], NotAfter = DateTime.UtcNow.AddDays(1000) });
        await Save("PANE_RENEWAL_CURRENT", SampleFiles.CertificatesOnly(current.Certificate, renewal.Intermediate.Certificate, renewal.Root.Certificate));
        await Save("PANE_RENEWAL_MESSAGE", SampleFiles.SignedMessageFrom(next, [next.Certificate, renewal.Intermediate.Certificate, renewal.Root.Certificate],
            "Rita Renew", rita, "My new certificate"));
        return files;
    }
}
