using System.Diagnostics;

namespace SmimeAddin.Benchmarks;

/// <summary>How soon the pane shows its first statuses on loopback (budget: within 1 s of opening), measured in
/// Debian's Chromium by web/browser-tests/first-statuses.mjs against the real app on the demo organisation.</summary>
internal static class PaneTiming
{
    public static async Task RunAsync(string repositoryRoot)
    {
        Console.WriteLine("Task pane in headless Chromium, 7 demo recipients, median of 7 openings (budget: statuses within 1 s)");
        var web = Path.Combine(repositoryRoot, "web");
        if (!File.Exists("/usr/bin/chromium") || !System.IO.Directory.Exists(Path.Combine(web, "node_modules", "playwright-core")))
        {
            Console.WriteLine("  skipped: needs /usr/bin/chromium and web/node_modules (npm ci in web/)");
            Console.WriteLine();
            return;
        }
        using var app = new ReadinessBenchmark.App("10");
        using var client = await app.ClientAsync();
        var start = new ProcessStartInfo("node", "browser-tests/first-statuses.mjs")
        {
            WorkingDirectory = web,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["PANE_URL"] = client.BaseAddress!.ToString().TrimEnd('/') },
        };
        using var node = Process.Start(start)!;
        var output = await node.StandardOutput.ReadToEndAsync();
        var error = await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        Console.WriteLine(node.ExitCode == 0 ? "  " + output.Trim() : "  failed: " + error.Trim());
        Console.WriteLine();
    }
}
