using System.ComponentModel.DataAnnotations;

namespace SmimeAddin.Recipients;

/// <summary>Section <c>Recipients</c>; its <c>CacheSeconds</c> is the recipient cache's (<see cref="Directory.RecipientCacheOptions"/>).</summary>
public sealed class RecipientsOptions
{
    public const string Section = "Recipients";

    /// <summary>Most recipients one check may ask about (Outlook allows 500 in To, Cc and Bcc together).</summary>
    [Range(1, 10_000)]
    public int MaxRecipients { get; set; } = 500;
}
