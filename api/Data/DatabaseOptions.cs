using System.ComponentModel.DataAnnotations;

namespace SmimeAddin.Data;

/// <summary>Section <c>Database</c>. The connection string is <c>ConnectionStrings:Smime</c>; unset, the SQLite file
/// <c>smimeaddin.db</c> in the data folder.</summary>
public sealed class DatabaseOptions : IValidatableObject
{
    public const string Section = "Database";
    public const string Sqlite = "Sqlite";
    public const string ConnectionStringName = "Smime";

    public string Provider { get; set; } = Sqlite;

    /// <summary>Apply pending migrations (and the configured seeding) when the app starts. Turn off to migrate
    /// with <c>dotnet ef database update</c> instead.</summary>
    public bool MigrateOnStart { get; set; } = true;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.Equals(Provider, Sqlite, StringComparison.OrdinalIgnoreCase))
            yield return new ValidationResult($"Database:Provider '{Provider}' is not supported; use '{Sqlite}'.", [nameof(Provider)]);
    }
}
