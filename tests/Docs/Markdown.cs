using System.Text.RegularExpressions;

namespace SmimeAddin.Tests.Docs;

/// <summary>Just enough of GitHub's Markdown to find a page's links and the anchors of its headings. Nothing inside
/// code counts: a fenced block or a `span` may show link syntax without being a link.</summary>
internal static partial class Markdown
{
    /// <summary>The targets of inline links and images, reference definitions and HTML href/src, as written.</summary>
    public static IReadOnlyList<string> Links(string markdown)
    {
        var prose = CodeSpan().Replace(string.Join('\n', ProseLines(markdown)), "");
        return
        [
            .. InlineLink().Matches(prose).Select(m => m.Groups["target"].Value),
            .. Definition().Matches(prose).Select(m => m.Groups["target"].Value),
            .. HtmlLink().Matches(prose).Select(m => m.Groups["target"].Value),
        ];
    }

    /// <summary>A link into this repository: no scheme (https:, mailto:) and not protocol-relative.</summary>
    public static bool IsRelative(string link) => !Scheme().IsMatch(link) && !link.StartsWith("//", StringComparison.Ordinal);

    /// <summary>The anchor of every heading, in page order; a repeated one gets -1, -2, ... as on GitHub.</summary>
    public static IReadOnlyList<string> Anchors(string markdown)
    {
        var seen = new Dictionary<string, int>();
        var anchors = new List<string>();
        foreach (var line in ProseLines(markdown))
        {
            if (Heading().Match(line) is not { Success: true } heading)
                continue;
            var slug = Slug(heading.Groups["text"].Value);
            var times = seen.GetValueOrDefault(slug);
            seen[slug] = times + 1;
            anchors.Add(times == 0 ? slug : $"{slug}-{times}");
        }
        return anchors;
    }

    /// <summary>Every heading outside code, in page order: its level (1 for <c>#</c>) and its text as written.</summary>
    public static IReadOnlyList<(int Level, string Text)> Headings(string markdown) =>
    [
        .. ProseLines(markdown).Select(line => Heading().Match(line)).Where(heading => heading.Success)
            .Select(heading => (heading.Groups["marks"].Length, heading.Groups["text"].Value)),
    ];

    /// <summary>GitHub's rule: the heading's text as shown (a link's text, not its target), lower-cased, every
    /// character that is not a letter, digit, mark, '_', '-' or space dropped, each space turned into '-'.</summary>
    public static string Slug(string heading)
    {
        var shown = HtmlTag().Replace(InlineLink().Replace(heading.Trim(), m => m.Groups["text"].Value), "");
        return NotInSlug().Replace(shown.ToLowerInvariant(), "").Replace(' ', '-');
    }

    /// <summary>The page's lines outside fenced code blocks (``` or ~~~, indented or not).</summary>
    private static IEnumerable<string> ProseLines(string markdown)
    {
        string? fence = null;
        foreach (var line in markdown.Replace("\r\n", "\n").Split('\n'))
        {
            var opening = Fence().Match(line);
            if (fence is null && opening.Success)
                fence = opening.Groups["fence"].Value;
            else if (fence is not null && opening.Success && opening.Groups["fence"].Value.StartsWith(fence, StringComparison.Ordinal))
                fence = null;
            else if (fence is null)
                yield return line;
        }
    }

    [GeneratedRegex(@"^\s*(?<fence>`{3,}|~{3,})")]
    private static partial Regex Fence();

    [GeneratedRegex(@"(`+)[\s\S]*?\1")]
    private static partial Regex CodeSpan();

    // [text](target) or ![alt](target "title"); the text may hold one level of brackets.
    [GeneratedRegex(@"!?\[(?<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*(?:<(?<target>[^>]*)>|(?<target>[^)\s]+))(?:\s+(?:""[^""]*""|'[^']*'))?\s*\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"^ {0,3}\[[^\]]+\]:\s*<?(?<target>[^\s>]+)>?", RegexOptions.Multiline)]
    private static partial Regex Definition();

    [GeneratedRegex(@"<(?:a|img)\b[^>]*?\b(?:href|src)\s*=\s*""(?<target>[^""]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlLink();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex Scheme();

    [GeneratedRegex(@"^ {0,3}(?<marks>#{1,6})[ \t]+(?<text>.*?)(?:[ \t]+#+)?[ \t]*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"[^\p{L}\p{M}\p{N}\p{Pc} -]")]
    private static partial Regex NotInSlug();
}
