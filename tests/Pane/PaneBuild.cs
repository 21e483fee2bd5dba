using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.Pane;

/// <summary>The pane's npm project (web/), installed from its lock file and built once per test run when missing,
/// so that one command runs every test on a fresh machine.</summary>
internal static class PaneBuild
{
    public static readonly string WebFolder = Path.Combine(Repository.Root, "web");
    public static readonly string TaskpaneHtml = Path.Combine(Repository.Root, "api", "wwwroot", "taskpane.html");

    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task EnsureInstalledAsync()
    {
        await Gate.WaitAsync();
        try
        {
            // playwright-core came later than vitest: a node_modules installed before it needs npm ci again.
            if (System.IO.Directory.Exists(Path.Combine(WebFolder, "node_modules", "vitest"))
                && System.IO.Directory.Exists(Path.Combine(WebFolder, "node_modules", "playwright-core")))
                return;
            var (exitCode, output) = await Repository.RunAsync("npm", "ci --no-audit --no-fund", WebFolder, TimeSpan.FromMinutes(3));
            Assert.True(exitCode == 0, "npm ci failed in web/: " + output);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Builds the pane into api/wwwroot/ unless a build (dotnet run's or the solution's) already did.</summary>
    public static async Task EnsureBuiltAsync()
    {
        await EnsureInstalledAsync();
        await Gate.WaitAsync();
        try
        {
            if (File.Exists(TaskpaneHtml))
                return;
            var (exitCode, output) = await Repository.RunAsync("npm", "run build", WebFolder, TimeSpan.FromMinutes(2));
            Assert.True(exitCode == 0, "npm run build failed in web/: " + output);
        }
        finally
        {
            Gate.Release();
        }
    }
}
