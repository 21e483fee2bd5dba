using System.ComponentModel.DataAnnotations;

namespace SmimeAddin.Data;

/// <summary>Section <c>Database</c>. The connection string is <c>ConnectionStrings:Smime</c>: on SQLite, unset means the
/// file <c>smimeaddin.db</c> in the data folder; on PostgreSQL it is required. Several instances share one state only
/// on PostgreSQL.</summary>
public sealed class DatabaseOptions : IValidatableObject
{
    public const string Section = "Database";
    public const string Sqlite = "Sqlite";
    public const string PostgreSql = "PostgreSQL";
    public const string ConnectionStringName = "Smime";

    public string Provider { get; set; } = Sqlite;

    /// <summary>Apply pending migrations (and the configured seeding) when the app starts. Turn off to migrate
    /// with the app's <c>migrate</c> command (or <c>dotnet ef database update</c>) instead.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>Bound from <c>ConnectionStrings:Smime</c>, not from this section.</summary>
    public string? ConnectionString { get; set; }

    public bool IsPostgreSql => string.Equals(Provider, PostgreSql, StringComparison.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsPostgreSql && !string.Equals(Provider, Sqlite, StringComparison.OrdinalIgnoreCase))
            yield return new ValidationResult($"Database:Provider '{Provider}' is not supported; use '{Sqlite}' or '{PostgreSql}'.", [nameof(Provider)]);
        if (IsPostgreSql && string.IsNullOrWhiteSpace(ConnectionString))
            yield return new ValidationResult(
                $"Database:Provider is '{PostgreSql}' but ConnectionStrings:{ConnectionStringName} is not set " +
                "(for example \"Host=db.example;Database=smimeaddin;Username=smimeaddin;Password=...\").", [nameof(ConnectionString)]);
    }
}
