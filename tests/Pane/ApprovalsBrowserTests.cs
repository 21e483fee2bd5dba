using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using SmimeAddin.ContactRequests;
using SmimeAddin.Tests.Support;
using Xunit.Abstractions;
using static SmimeAddin.Tests.ContactRequests.Provisioning.Provisioning;

namespace SmimeAddin.Tests.Pane;

/// <summary>The approver's desk in the pane (web/browser-tests/approvals.test.mjs) in headless Chromium against the real
/// API and the demo organisation: requests René made through the API, one failed request put in the database, and Ada
/// deciding them in the pane.</summary>
[Collection(PaneCollection.Name)]
public sealed class ApprovalsBrowserTests(ITestOutputHelper log)
{
    /// <summary>The addresses approvals.test.mjs decides, each for one of its tests.</summary>
    private static readonly string[] Requested =
    [
        "lena.stork@fabrikam.example", "omar.fenn@fabrikam.example", "zoe.martin@fabrikam.example", "ines.keys@fabrikam.example",
    ];

    private const string Replacing = "jean.untrusted@tailspin.example";
    private const string FailedAddress = "max.retry@fabrikam.example";
    private const string LateAddress = "noah.late@fabrikam.example";
    private const string OwnAddress = "olga.own@fabrikam.example";
    private const string RenewalAddress = "rita.renew@fabrikam.example";

    [Fact]
    public async Task AnApproverDecidesRequestsInThePaneAgainstTheRealApi()
    {
        await PaneBuild.EnsureBuiltAsync();
        // Six requests from René in a row: over the default burst of five a minute.
        using var factory = new ApiFactory().WithDemoOrganisation().With("RateLimits:RequestBurst", "20");
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        await MakeRequestsAsync(address, factory);

        // The file the test itself sends as René while Ada's view is open.
        var folder = System.IO.Directory.CreateTempSubdirectory("smimeaddin-approvals-").FullName;
        var late = Path.Combine(folder, "noah.late.p7b");
        await File.WriteAllBytesAsync(late, FileFor(LateAddress));

        var watch = Stopwatch.StartNew();
        var environment = new Dictionary<string, string> { ["PANE_URL"] = address, ["PANE_LATE_CERTIFICATE"] = late, ["NO_COLOR"] = "1" };
        // PANE_APPROVALS_SCREENSHOT=web/docs/approvals-preview.png dotnet test ... takes a picture of the view at 320 px.
        if (Environment.GetEnvironmentVariable("PANE_APPROVALS_SCREENSHOT") is { Length: > 0 } screenshot)
            environment["PANE_APPROVALS_SCREENSHOT"] = Path.GetFullPath(screenshot, Repository.Root);
        var (exitCode, output) = await Repository.RunAsync("node", "--test --test-reporter=spec browser-tests/approvals.test.mjs",
            PaneBuild.WebFolder, TimeSpan.FromMinutes(3), environment);
        System.IO.Directory.Delete(folder, recursive: true);
        log.WriteLine($"node --test browser-tests/approvals.test.mjs: {watch.Elapsed.TotalSeconds:0.0} s\n{output}");

        Assert.True(exitCode == 0, $"The approvals browser tests failed ({watch.Elapsed.TotalSeconds:0.0} s) against {address}:\n{output}");
    }

    /// <summary>René asks for each address with a .p7b of the person's certificate, an intermediate CA and a root of the
    /// person's own ("Lena Stork Partner Root CA"), so that trusting one request's CA leaves the others untrusted and
    /// the approver sees both CAs, the root with its NewRoot warning; one request Ada made herself; and one request that
    /// failed to provision.</summary>
    private static async Task MakeRequestsAsync(string address, ApiFactory factory)
    {
        using var rene = await ClientAsync(address, ApiFactory.Requester);
        foreach (var email in Requested.Append(Replacing))
        {
            var response = await rene.PostAsync("/api/contact-requests", new MultipartFormDataContent
            {
                { new StringContent(email), "emailAddress" },
                { new StringContent(NameOf(email)), "displayName" },
                { new ByteArrayContent(FileFor(email)), "file", "certificate.p7b" },
            });
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{email}: {await response.Content.ReadAsStringAsync()}");
        }
        using var ada = await ClientAsync(address, ApiFactory.Approver);
        var own = await ada.PostAsync("/api/contact-requests", new MultipartFormDataContent
        {
            { new StringContent(OwnAddress), "emailAddress" },
            { new StringContent(NameOf(OwnAddress)), "displayName" },
            { new ByteArrayContent(FileFor(OwnAddress)), "file", "certificate.p7b" },
        });
        Assert.True(own.StatusCode == HttpStatusCode.Created, $"{OwnAddress}: {await own.Content.ReadAsStringAsync()}");
        var failed = Approved(new TestPki("Max Retry Partner"), FailedAddress, "MaxRetry_SMIME");
        failed.Status = ContactRequestStatus.Failed;
        failed.Attempts = 3;
        failed.LastError = "The directory was throttling while looking up the contact.";
        await InsertAsync(factory, failed);

        // Rita's contact, made by this app with a certificate ending in 20 days; René then brings the one that follows.
        var renewal = new TestPki("Rita Renew Partner");
        var current = Approved(renewal, RenewalAddress, "RitaRenew_SMIME", notAfter: DateTime.UtcNow.AddDays(20));
        await InsertAsync(factory, current);
        await ProvisionAsync(factory, current.Id, ContactRequestStatus.Provisioned);
        var next = renewal.Issue(new CertificateSpec { Subject = "CN=Rita Renew", SanEmails = [RenewalAddress], NotAfter = DateTime.UtcNow.AddDays(730) });
        var renewing = await rene.PostAsync("/api/contact-requests", new MultipartFormDataContent
        {
            { new StringContent(RenewalAddress), "emailAddress" },
            { new StringContent("Rita Renew"), "displayName" },
            { new ByteArrayContent(SampleFiles.CertificatesOnly(next.Certificate, renewal.Intermediate.Certificate)), "file", "certificate.p7b" },
        });
        Assert.True(renewing.StatusCode == HttpStatusCode.Created, $"{RenewalAddress}: {await renewing.Content.ReadAsStringAsync()}");
    }

    /// <summary>A .p7b of the person's certificate with the intermediate CA and the root of a PKI of their own.</summary>
    private static byte[] FileFor(string email)
    {
        var partner = new TestPki(NameOf(email) + " Partner");
        var person = partner.Issue(new CertificateSpec { Subject = "CN=" + NameOf(email), SanEmails = [email] });
        return SampleFiles.CertificatesOnly(person.Certificate, partner.Intermediate.Certificate, partner.Root.Certificate);
    }

    /// <summary>"lena.stork@..." → "Lena Stork".</summary>
    private static string NameOf(string email) => string.Join(' ', email.Split('@')[0].Split('.')
        .Select(part => char.ToUpperInvariant(part[0]) + part[1..]));

    private static async Task<HttpClient> ClientAsync(string address, string user)
    {
        var client = new HttpClient { BaseAddress = new Uri(address) };
        var token = await (await client.PostAsJsonAsync("/auth/local/token", new { user })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<ApiFactory.TokenResponse>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }
}
