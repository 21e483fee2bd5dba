using System.Globalization;
using System.Resources;
using SmimeAddin.Certificates;

namespace SmimeAddin.Tests.Resources;

public sealed class MessagesTests
{
    private static readonly ResourceManager Messages = new("SmimeAddin.Resources.Messages", typeof(SmimeAddin.Resources.Messages).Assembly);

    private static HashSet<string> Keys(string culture) =>
        Messages.GetResourceSet(CultureInfo.GetCultureInfo(culture), createIfNotExists: true, tryParents: false)!
            .Cast<System.Collections.DictionaryEntry>().Select(e => (string)e.Key).ToHashSet();

    [Fact]
    public void FrenchHasEverySentenceEnglishHas() =>
        Assert.Empty(Keys("").Except(Keys("fr")));

    [Fact]
    public void FrenchHasNoSentenceEnglishLacks() =>
        Assert.Empty(Keys("fr").Except(Keys("")));

    [Fact]
    public void EveryFindingCodeHasASentence() =>
        Assert.Empty(Enum.GetNames<FindingCode>().Select(c => "Finding." + c).Except(Keys("")));

    [Fact]
    public void EveryReadRefusalHasASentence() =>
        Assert.Empty(Enum.GetNames<ReadRefusal>().Select(c => "Refusal." + c).Except(Keys("")));

    [Fact]
    public void FrenchSentencesUseTheSamePlaceholdersAsEnglish()
    {
        var english = Messages.GetResourceSet(CultureInfo.InvariantCulture, true, false)!;
        var mismatched = english.Cast<System.Collections.DictionaryEntry>()
            .Where(e => Placeholders((string)e.Value!) != Placeholders(Messages.GetString((string)e.Key, CultureInfo.GetCultureInfo("fr"))!))
            .Select(e => (string)e.Key);
        Assert.Empty(mismatched);
    }

    private static string Placeholders(string text) =>
        string.Join(",", System.Text.RegularExpressions.Regex.Matches(text, @"\{\d+\}").Select(m => m.Value).Order());
}
