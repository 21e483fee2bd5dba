namespace SmimeAddin.Data;

/// <summary>A named lease in the database: who holds it, until when. It serialises one kind of change across every
/// instance on the database, and a holder that dies releases it by letting it run out.</summary>
public sealed class Lease
{
    public required string Name { get; set; }
    public string? Holder { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
}
