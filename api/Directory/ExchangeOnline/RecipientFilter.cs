namespace SmimeAddin.Directory.ExchangeOnline;

/// <summary>The OPATH -Filter text for "any of these SMTP addresses". Exchange parses -Filter as a query language
/// with PowerShell's tokenizer, so a value is only data while it stays inside its single-quoted string: every value
/// here is first checked to be an address (no whitespace, no control characters), then its single quotes are
/// doubled, which is how a quote is written inside a single-quoted OPATH string. Exchange's filter scanner un-doubles
/// only <c>''</c> (EXCHANGE.md): the typographic quotes U+2018..U+201B are left as they are, since doubling them
/// would change the value looked up. An address such as o'brien@example.org thus stays one value and cannot close
/// the string and add a clause of its own.</summary>
internal static class RecipientFilter
{
    /// <summary>The longest address SMTP allows (RFC 5321: 64 + 1 + 255).</summary>
    private const int MaxAddressLength = 320;

    /// <summary>Exchange refuses a filter of more than 250 sub-filters; each address costs one
    /// (<c>EmailAddresses -eq '...'</c>), and a filter is kept to 200, under that limit with room to spare.</summary>
    public const int MaxClauses = 200;

    /// <summary><c>EmailAddresses -eq 'smtp:a@x' -or EmailAddresses -eq 'smtp:b@y'</c>. With the prefix the value is a
    /// whole proxy address, which the property compares case-insensitively and matches primary (SMTP:) and secondary
    /// (smtp:) addresses alike. At most <see cref="MaxClauses"/> addresses.</summary>
    public static string AnyAddress(IEnumerable<string> addresses)
    {
        var clauses = addresses.Select(address =>
        {
            if (!IsAddress(address))
                throw new ArgumentException("Only checked addresses go into a filter.", nameof(addresses));
            return $"EmailAddresses -eq 'smtp:{address.Replace("'", "''", StringComparison.Ordinal)}'";
        }).ToList();
        if (clauses.Count > MaxClauses)
            throw new ArgumentException($"A filter holds at most {MaxClauses} addresses; {clauses.Count} were given.", nameof(addresses));
        return string.Join(" -or ", clauses);
    }

    /// <summary>Something shaped like local@domain that can be looked up; anything else is simply not found.</summary>
    public static bool IsAddress(string? address)
    {
        if (string.IsNullOrEmpty(address) || address.Length > MaxAddressLength)
            return false;
        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1 || address.IndexOf('@') != at)
            return false;
        foreach (var c in address)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format
                or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator)
                return false;
        }
        return true;
    }
}
