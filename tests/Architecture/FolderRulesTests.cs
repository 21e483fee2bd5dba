namespace SmimeAddin.Tests.Architecture;

/// <summary>The rule of api/'s folders, in one sentence: features use the shared floor, the floor never uses a feature,
/// no two folders use each other (directly or round a longer cycle), and only Program.cs uses Hosting.</summary>
public sealed class FolderRulesTests
{
    /// <summary>What every feature may build on.</summary>
    private static readonly string[] Floor = ["Auth", "Certificates", "Data", "Directory", "Http", "Resources", "Telemetry", "Trust"];

    private static readonly string[] Features =
        ["Addin", "Audit", "ContactRequests", "Inspection", "Landing", "Lifecycle", "Notifications", "Recipients", "TrustedIssuers"];

    /// <summary>Start-up extensions, for Program.cs alone.</summary>
    private const string Hosting = "Hosting";

    private static readonly Lazy<FolderGraph> Api = new(() => FolderGraph.Of(typeof(Program).Assembly.Location));

    [Fact]
    public void NoTwoFoldersUseEachOther()
    {
        var cycles = Api.Value.Cycles();

        Assert.True(cycles.Count == 0, "Folders that use each other:" + Environment.NewLine +
            string.Join(Environment.NewLine, cycles.Select(c => $"{string.Join(", ", c)}: {Examples(c)}")));
    }

    [Fact]
    public void TheFloorUsesNoFeatureNorHosting()
    {
        var wrong = Floor.SelectMany(floor => Api.Value.UsesOf(floor)
            .Where(use => Features.Contains(use.Key) || use.Key == Hosting)
            .Select(use => use.Value.First())).ToList();

        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    [Fact]
    public void OnlyProgramUsesHosting()
    {
        var wrong = Api.Value.Folders.Where(f => f != Hosting)
            .SelectMany(f => Api.Value.UsesOf(f).Where(use => use.Key == Hosting).Select(use => use.Value.First())).ToList();

        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    [Fact]
    public void EveryFolderIsFloorFeatureOrHosting()
    {
        var unplaced = Api.Value.Folders.Except(Floor).Except(Features).Except([Hosting]).Order().ToList();

        Assert.True(unplaced.Count == 0, $"Place each new folder in the rule above: {string.Join(", ", unplaced)}");
    }

    [Fact]
    public void TheReadingSeesUsesInsideMethodBodies()
    {
        // ReadinessCheck queries open requests with ContactRequestStates.Open inside a method: no signature names it.
        Assert.Contains("ContactRequests", Api.Value.UsesOf("Recipients").Keys);
    }

    [Fact]
    public void ACycleRoundThreeFoldersIsFound()
    {
        var graph = FolderGraph.Of([("A", "B"), ("B", "C"), ("C", "A"), ("C", "D")]);

        Assert.Equal(["A", "B", "C"], Assert.Single(graph.Cycles()));
    }

    private static string Examples(IReadOnlyList<string> cycle) => string.Join("; ", cycle.SelectMany(from =>
        Api.Value.UsesOf(from).Where(use => cycle.Contains(use.Key)).Select(use => use.Value.First())));
}
