using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Benchmarks;

/// <summary>The built API as its own process, as it runs in production: Kestrel on a loopback port, environment
/// Production, its own data folder, configured through environment variables (<c>Section__Key</c>). Disposing kills
/// this process (by its id) and removes the folder.</summary>
internal sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly string data;
    private readonly List<string> output = [];

    public Uri BaseAddress { get; }

    private ApiProcess(Process process, string data, Uri baseAddress)
    {
        this.process = process;
        this.data = data;
        BaseAddress = baseAddress;
        // Drained all along: a full pipe would stall the app's logging, and so the app.
        process.OutputDataReceived += (_, line) => Keep(line.Data);
        process.ErrorDataReceived += (_, line) => Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The API built beside this harness, in the same configuration (bin/Release/net10.0 under api/).</summary>
    public static string Dll => Path.Combine(Repository.Root, "api",
        Path.GetRelativePath(Path.Combine(Repository.Root, "tests", "SmimeAddin.Benchmarks"), AppContext.BaseDirectory), "SmimeAddin.Api.dll");

    public static async Task<ApiProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        if (!File.Exists(Dll))
            throw new InvalidOperationException($"{Dll} is missing: build the API first (dotnet build api -c Release -p:SkipPaneBuild=true).");
        var data = System.IO.Directory.CreateTempSubdirectory("smimeaddin-load-").FullName;
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet", $"\"{Dll}\" --urls {baseAddress.ToString().TrimEnd('/')}")
        {
            WorkingDirectory = Path.GetDirectoryName(Dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DataDirectory"] = data;
        foreach (var (key, value) in settings)
            start.Environment[key.Replace(":", "__")] = value;
        var app = new ApiProcess(Process.Start(start)!, data, baseAddress);
        await app.WaitUntilLiveAsync();
        return app;
    }

    private async Task WaitUntilLiveAsync()
    {
        using var client = new HttpClient { BaseAddress = BaseAddress };
        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline && !process.HasExited; await Task.Delay(200))
        {
            try
            {
                if ((await client.GetAsync("/health/live")).IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
        }
        await DisposeAsync();
        throw new InvalidOperationException($"The API at {BaseAddress} did not start:{Environment.NewLine}{string.Join(Environment.NewLine, output)}");
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        lock (output)
        {
            output.Add(line);
            if (output.Count > 200)
                output.RemoveAt(0);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
            process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
        try { System.IO.Directory.Delete(data, recursive: true); }
        catch (IOException) { } // a file still held open only leaves a temp folder behind
    }
}
