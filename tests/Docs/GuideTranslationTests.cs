using System.Text.RegularExpressions;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.Docs;

/// <summary>The administrator's guide is written twice, in English and in French. A step added to one and not to the
/// other leaves an administrator a step short, and the guides refer to each other's sections by number.</summary>
public sealed partial class GuideTranslationTests
{
    [Fact]
    public void TheFrenchGuideHasTheSameSectionsAsTheEnglishOne() =>
        Assert.Equal(Outline("docs/admin-guide.md"), Outline("docs/guide-administrateur.md"));

    [Fact]
    public void AnOutlineKeepsEachHeadingsLevelAndNumberButNotItsWords() =>
        Assert.Equal(["#", "## 1.", "### 1.2", "##"],
            Outline(Markdown.Headings("# Guide\n## 1. Register\n```\n# not a heading\n```\n### 1.2 Roles\n## Notes\n")));

    private static IReadOnlyList<string> Outline(string page) =>
        Outline(Markdown.Headings(File.ReadAllText(Path.Combine(Repository.Root, page))));

    /// <summary>One entry per heading, its level and, when it is numbered, its number ("## 3."): the words differ from
    /// one language to the other, the shape must not.</summary>
    private static IReadOnlyList<string> Outline(IReadOnlyList<(int Level, string Text)> headings) =>
    [
        .. headings.Select(heading => new string('#', heading.Level)
            + (SectionNumber().Match(heading.Text) is { Success: true } number ? " " + number.Value : "")),
    ];

    [GeneratedRegex(@"^\d+(?:\.\d+)*\.?(?=\s|$)")]
    private static partial Regex SectionNumber();
}
