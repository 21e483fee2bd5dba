using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.Docs;

/// <summary>The README is the front door and docs/ holds the rest: a moved section or a renamed file must not leave a
/// reader at a dead end. Links are judged as GitHub renders them.</summary>
public sealed class DocumentationLinkTests
{
    public static TheoryData<string> Pages() => new(DocsPages.Prepend("README.md"));

    /// <summary>Every page under docs/, as a path from the repository root.</summary>
    private static IEnumerable<string> DocsPages => System.IO.Directory.GetFiles(Path.Combine(Repository.Root, "docs"), "*.md")
        .Select(page => "docs/" + Path.GetFileName(page)).Order(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Pages))]
    public void EveryRelativeLinkAndImagePointsAtAFileThatExists(string page)
    {
        var broken = Markdown.Links(Read(page)).Where(Markdown.IsRelative)
            .Where(link => Target(page, link) is not { } target || !(File.Exists(target) || System.IO.Directory.Exists(target)));
        Assert.Empty(broken);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void EveryAnchorNamesAHeadingOfThePageItPointsInto(string page)
    {
        var broken = Markdown.Links(Read(page)).Where(Markdown.IsRelative).Where(link => link.Contains('#'))
            .Where(link => Target(page, link) is { } target && target.EndsWith(".md", StringComparison.OrdinalIgnoreCase) && File.Exists(target)
                && !Markdown.Anchors(File.ReadAllText(target)).Contains(Uri.UnescapeDataString(link[(link.IndexOf('#') + 1)..])));
        Assert.Empty(broken);
    }

    [Fact]
    public void EveryPageUnderDocsIsLinkedFromTheReadme()
    {
        var linked = Markdown.Links(Read("README.md")).Where(Markdown.IsRelative).Select(link => Target("README.md", link)).ToHashSet();
        var unlinked = DocsPages.Where(page => !linked.Contains(Path.GetFullPath(Path.Combine(Repository.Root, page))));
        Assert.Empty(unlinked);
    }

    [Fact]
    public void TheReadmeNamesTheRunAndTestCommandsInItsFirstSixtyLines()
    {
        var top = Read("README.md").Split('\n').Take(60).Select(line => line.Trim()).ToList();
        Assert.Contains("dotnet run --project api", top);
        Assert.Contains("dotnet test", top);
    }

    [Theory]
    [InlineData("HTTPS, for Outlook", "https-for-outlook")]
    [InlineData("Reading certificates: `POST /api/certificates/inspect`", "reading-certificates-post-apicertificatesinspect")]
    [InlineData("4. Configurer et exécuter l'API", "4-configurer-et-exécuter-lapi")]
    [InlineData("Trusted issuers (approvers only)", "trusted-issuers-approvers-only")]
    [InlineData("Try [it](https://example.org) with `curl`", "try-it-with-curl")]
    [InlineData("snake_case and  two spaces", "snake_case-and--two-spaces")]
    public void HeadingsBecomeAnchorsAsGitHubMakesThem(string heading, string anchor) =>
        Assert.Equal(anchor, Markdown.Slug(heading));

    [Fact]
    public void ARepeatedHeadingGetsANumberedAnchor() =>
        Assert.Equal(new[] { "notes", "notes-1", "notes-2" }, Markdown.Anchors("# Notes\n## Notes\n```\n# not a heading\n```\n### Notes\n"));

    private static string Read(string page) => File.ReadAllText(Path.Combine(Repository.Root, page));

    /// <summary>The file a relative link names, resolved from the page's folder; null when it leaves the repository.</summary>
    private static string? Target(string page, string link)
    {
        var path = Uri.UnescapeDataString(link.Split('#')[0]);
        var folder = Path.GetDirectoryName(Path.Combine(Repository.Root, page))!;
        var target = Path.GetFullPath(path.Length == 0 ? Path.Combine(Repository.Root, page) : Path.Combine(folder, path))
            .TrimEnd(Path.DirectorySeparatorChar);
        return target.StartsWith(Repository.Root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? target : null;
    }
}
