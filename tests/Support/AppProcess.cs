using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SmimeAddin.Tests.Support;

/// <summary>The app as its own process on a loopback port, from a folder holding SmimeAddin.Api.dll (the published
/// output, or the build beside the tests or the benchmarks), environment Production, its own data folder, configured
/// through environment variables (<c>Section__Key</c>) as an admin would. Disposing kills it, like a crash, and removes
/// its data folder.</summary>
public sealed class AppProcess : IAsyncDisposable
{
    private const int KeptLines = 200;

    private readonly Process process;
    private readonly string data;
    private readonly Queue<string> output = new();

    private AppProcess(Process process, string baseUrl, string data)
    {
        this.process = process;
        BaseUrl = baseUrl;
        this.data = data;
        // Drained all along: a full pipe would stall the app's logging, and so the app.
        process.OutputDataReceived += (_, line) => Keep(line.Data);
        process.ErrorDataReceived += (_, line) => Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string BaseUrl { get; }

    /// <summary>Where the app was built beside the calling assembly, in its configuration (Debug or Release).</summary>
    public static string BuiltFolder { get; } = BuiltFolderFor(new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)));

    // .../bin/<configuration>/<framework>/ → api/bin/<configuration>/<framework>/
    private static string BuiltFolderFor(DirectoryInfo caller) => Path.Combine(Repository.Root, "api", "bin", caller.Parent!.Name, caller.Name);

    /// <summary>Starts the app without waiting: for configurations that must stop it.</summary>
    public static Process Start(string folder, string urls, string data, params (string Key, string Value)[] settings)
    {
        if (!File.Exists(Path.Combine(folder, "SmimeAddin.Api.dll")))
            throw new InvalidOperationException($"{folder} holds no SmimeAddin.Api.dll: build the API first (dotnet build api -p:SkipPaneBuild=true).");
        var start = new ProcessStartInfo("dotnet", $"SmimeAddin.Api.dll --urls {urls}")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DataDirectory"] = data;
        foreach (var (key, value) in settings)
            start.Environment[key.Replace(":", "__")] = value;
        return Process.Start(start)!;
    }

    /// <summary>Starts the app and waits until it answers /health/live.</summary>
    public static async Task<AppProcess> StartAsync(string folder, params (string Key, string Value)[] settings)
    {
        var data = System.IO.Directory.CreateTempSubdirectory("smimeaddin-process-data-").FullName;
        var baseUrl = $"http://127.0.0.1:{FreePort()}";
        var app = new AppProcess(Start(folder, baseUrl, data, settings), baseUrl, data);
        await app.WaitUntilLiveAsync();
        return app;
    }

    private async Task WaitUntilLiveAsync()
    {
        using var client = new HttpClient();
        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline && !process.HasExited; await Task.Delay(200))
        {
            try
            {
                if ((await client.GetAsync(BaseUrl + "/health/live")).IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
        }
        await DisposeAsync();
        lock (output)
            throw new InvalidOperationException($"The app at {BaseUrl} did not start:{Environment.NewLine}{string.Join(Environment.NewLine, output)}");
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        lock (output)
        {
            output.Enqueue(line);
            if (output.Count > KeptLines)
                output.Dequeue();
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Kills the process at once, as a crash or a lost machine would stop it.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
            process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
        try { System.IO.Directory.Delete(data, recursive: true); }
        catch (IOException) { } // a file still held open only leaves a temp folder behind
    }
}
