using System.Globalization;
using System.Text;

namespace SmimeAddin.ContactRequests;

/// <summary>Names for the <c>_SMIME</c> contacts: what admins write by hand ("CravateRouge_SMIME"), valid for
/// New-MailContact -Name (at most 64 characters, unique) and safe as an alias.</summary>
public static class ContactNames
{
    public const string Suffix = "_SMIME";

    /// <summary>The display name's words, accents dropped and capitalised, else the address's local part.</summary>
    public static string Base(string displayName, string emailAddress)
    {
        var words = Words(displayName);
        if (words.Length == 0)
            words = Words(emailAddress.Split('@')[0].Replace('.', ' ').Replace('_', ' ').Replace('-', ' '));
        var joined = string.Concat(words.Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
        return joined.Length == 0 ? "Contact" : joined;
    }

    /// <summary>Base + suffix, then Base2 + suffix, Base3 + suffix... the first that <paramref name="isTaken"/> refuses.</summary>
    public static async Task<string> ProposeAsync(string displayName, string emailAddress, Func<string, Task<bool>> isTaken)
    {
        var stem = Base(displayName, emailAddress);
        for (var n = 1; ; n++)
        {
            var number = n == 1 ? "" : n.ToString(CultureInfo.InvariantCulture);
            var room = ContactRequest.MaxContactNameLength - Suffix.Length - number.Length;
            var name = stem[..Math.Min(stem.Length, room)] + number + Suffix;
            if (!await isTaken(name))
                return name;
        }
    }

    /// <summary>What an approver may choose: 1–64 letters, digits, '_', '-', '.' (no spaces: it doubles as the alias).</summary>
    public static bool IsValid(string name) =>
        name.Length is > 0 and <= ContactRequest.MaxContactNameLength
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')
        && name[0] != '.' && name[^1] != '.';

    private static string[] Words(string text)
    {
        var plain = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
                continue;
            plain.Append(char.IsAsciiLetterOrDigit(c) ? c : ' ');
        }
        return plain.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}
