using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmimeAddin.Data;

namespace SmimeAddin.Benchmarks;

/// <summary>One instance of the real app for the fault run, in this process (so that it reaches the Exchange Online
/// stand-in's tenant, which lives in the AppDomain) and on Kestrel on loopback (local sign-in answers loopback only).
/// Disposing it stops the host: the worker's directory call in flight is cancelled and its claim left to expire, as
/// when a process dies.</summary>
internal sealed class FaultInstance(IReadOnlyDictionary<string, string> settings) : WebApplicationFactory<Program>
{
    private readonly string data = System.IO.Directory.CreateTempSubdirectory("smimeaddin-faults-").FullName;
    private HttpClient? client;

    public HttpClient Client => client ?? throw new InvalidOperationException("Start the instance first.");

    public static FaultInstance Start(IReadOnlyDictionary<string, string> settings)
    {
        var instance = new FaultInstance(settings);
        instance.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        instance.StartServer();
        instance.client = instance.CreateClient();
        return instance;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, string token)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Client.SendAsync(request);
    }

    public async Task<AppDbContext> DbAsync() =>
        await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("DataDirectory", data);
        builder.UseSetting("Urls", ""); // the listener comes from UseKestrel
        foreach (var (key, value) in settings)
            builder.UseSetting(key, value);
    }

    protected override void Dispose(bool disposing)
    {
        client?.Dispose();
        base.Dispose(disposing);
        try { System.IO.Directory.Delete(data, recursive: true); }
        catch (IOException) { } // a file still held open only leaves a temp folder behind
    }
}
