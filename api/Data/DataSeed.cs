namespace SmimeAddin.Data;

/// <summary>A row per seeding that has run: its presence is what makes a seeding run once, whoever runs it.</summary>
public sealed class DataSeed
{
    public required string Name { get; set; }
    public DateTimeOffset AppliedAt { get; set; }
}
