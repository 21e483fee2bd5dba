using System.Globalization;
using System.Resources;
using SmimeAddin.Resources;

namespace SmimeAddin.Notifications;

/// <summary>A message's subject and body in both languages, English first, then French, from Messages.resx and
/// Messages.fr.resx: whoever gets it has no language the app knows (approvers are configured addresses; a requester's
/// language was only the Accept-Language of one past request, not stored), and nobody gets a language they cannot read
/// alone.</summary>
public static class Bilingual
{
    private static readonly ResourceManager Text = new("SmimeAddin.Resources.Messages", typeof(Messages).Assembly);
    private static readonly CultureInfo[] Languages = [CultureInfo.GetCultureInfo("en"), CultureInfo.GetCultureInfo("fr")];
    private const string LanguageSeparator = "\n\n----------\n\n";

    public static string Subject(string key, params object[] arguments) =>
        string.Join(" / ", Languages.Select(l => Sentence(key, l, arguments)));

    public static string Body(string key, params object[] arguments) =>
        string.Join(LanguageSeparator, Languages.Select(l => Sentence(key, l, arguments)));

    private static string Sentence(string key, CultureInfo language, object[] arguments) =>
        string.Format(language, Text.GetString(key, language) ?? throw new InvalidOperationException($"No sentence {key}."), arguments);
}
