using System.ComponentModel.DataAnnotations;

namespace SmimeAddin.Recipients;

/// <summary>Section <c>Recipients</c>.</summary>
public sealed class RecipientsOptions
{
    public const string Section = "Recipients";

    /// <summary>How long a directory look-up of an address is reused. This app's own writes drop it at once.</summary>
    [Range(0, 3600)]
    public int CacheSeconds { get; set; } = 10;

    /// <summary>Most recipients one check may ask about (Outlook allows 500 in To, Cc and Bcc together).</summary>
    [Range(1, 10_000)]
    public int MaxRecipients { get; set; } = 500;
}
