using System.Diagnostics;

namespace SmimeAddin.Tests.Support;

public static class Repository
{
    /// <summary>The checkout's root folder (the one holding SmimeAddin.sln).</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "SmimeAddin.sln")))
                return folder.FullName;
        throw new InvalidOperationException("The tests run outside the repository: SmimeAddin.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Runs a program to the end and returns its exit code and output; fails the test on a time-out.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string program, string arguments, string workingDirectory, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {arguments} did not finish within {timeout}.");
        }
        return (process.ExitCode, await output + await error);
    }
}
