using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.Pane;

[Collection(PaneCollection.Name)]
public sealed class PaneUnitTests
{
    [Fact]
    public async Task PaneUnitTestsPassInVitest()
    {
        await PaneBuild.EnsureInstalledAsync();

        // NO_COLOR keeps vitest's report readable in the assertion message.
        var (exitCode, output) = await Repository.RunAsync("npx", "--no-install vitest run --reporter=verbose --color=false",
            PaneBuild.WebFolder, TimeSpan.FromMinutes(2));

        Assert.True(exitCode == 0, "vitest failed in web/:\n" + output);
    }
}
