using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SmimeAddin.Tests.Support;

/// <summary>The app as its own process on a loopback port, from a folder holding SmimeAddin.Api.dll (the published
/// output, or the build the tests were built with), configured through environment variables as an admin would.
/// Disposing kills it, like a crash, and removes its data folder.</summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly string data;

    private AppProcess(Process process, string baseUrl, string data)
    {
        this.process = process;
        BaseUrl = baseUrl;
        this.data = data;
    }

    public string BaseUrl { get; }

    /// <summary>Where the app the tests reference was built, in the tests' own configuration (Debug or Release).</summary>
    public static string BuiltFolder { get; } = BuiltFolderFor(new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)));

    // tests/bin/<configuration>/<framework>/ → api/bin/<configuration>/<framework>/
    private static string BuiltFolderFor(DirectoryInfo tests) => Path.Combine(Repository.Root, "api", "bin", tests.Parent!.Name, tests.Name);

    /// <summary>Starts the app without waiting: for configurations that must stop it.</summary>
    public static Process Start(string folder, string urls, string data, params (string Key, string Value)[] settings)
    {
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
        var process = Start(folder, baseUrl, data, settings);
        // Read the output as it comes, so that a chatty app never blocks on a full pipe.
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, line) => { lock (output) output.AppendLine(line.Data); };
        process.ErrorDataReceived += (_, line) => { lock (output) output.AppendLine(line.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var client = new HttpClient();
        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline && !process.HasExited;)
        {
            try
            {
                if ((await client.GetAsync(baseUrl + "/health/live")).IsSuccessStatusCode)
                    return new AppProcess(process, baseUrl, data);
            }
            catch (HttpRequestException)
            {
                await Task.Delay(200); // not listening yet
            }
        }
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        lock (output)
            throw new InvalidOperationException("The app did not start: " + output);
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
        System.IO.Directory.Delete(data, recursive: true);
    }
}
