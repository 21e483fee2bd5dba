using System.ComponentModel.DataAnnotations;

namespace SmimeAddin.Directory;

/// <summary>Section <c>Recipients</c>, the part the recipient cache reads.</summary>
public sealed class RecipientCacheOptions
{
    public const string Section = "Recipients";

    /// <summary>How long a directory look-up of an address is reused. This app's own writes drop it at once.</summary>
    [Range(0, 3600)]
    public int CacheSeconds { get; set; } = 10;
}
