using System.IO.Compression;
using System.Text.RegularExpressions;

namespace SmimeAddin.Benchmarks;

/// <summary>The pane's own bytes, gzipped, against the 60 KB budget: what taskpane.html loads (its JavaScript and
/// CSS), then the chunks loaded later on demand (MSAL, in a tenant only). Reads the built pane in api/wwwroot.</summary>
internal static partial class PaneBudget
{
    private const int BudgetBytes = 60 * 1024;

    public static void Run(string repositoryRoot)
    {
        var root = Path.Combine(repositoryRoot, "api", "wwwroot");
        var page = Path.Combine(root, "taskpane.html");
        Console.WriteLine("Task pane size, gzipped (budget 60 KB for what the page loads)");
        if (!File.Exists(page))
        {
            Console.WriteLine("  not built: run `dotnet build api` (or dotnet run) first");
            Console.WriteLine();
            return;
        }
        var loaded = AssetReference().Matches(File.ReadAllText(page)).Select(m => Path.Combine(root, m.Groups[1].Value)).ToHashSet();
        var all = System.IO.Directory.GetFiles(Path.Combine(root, "assets"));
        var loadedBytes = loaded.Sum(Gzipped) + Gzipped(page);
        Console.WriteLine($"{"loaded by taskpane.html",-28} {loadedBytes / 1024.0,8:F1} KB  {(loadedBytes <= BudgetBytes ? "within" : "OVER")} budget");
        foreach (var chunk in all.Where(f => !loaded.Contains(f)))
            Console.WriteLine($"{"on demand: " + Path.GetFileName(chunk),-28} {Gzipped(chunk) / 1024.0,8:F1} KB");
        Console.WriteLine();
    }

    private static long Gzipped(string file)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
            gzip.Write(File.ReadAllBytes(file));
        return output.Length;
    }

    [GeneratedRegex("(?:src|href)=\"/?(assets/[^\"]+)\"")]
    private static partial Regex AssetReference();
}
