using System.Text.RegularExpressions;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.Data;

/// <summary>One set of migrations serves SQLite and PostgreSQL only while no migration names a store type (each
/// provider then takes its own from the model) and every identity column carries both providers' annotations.
/// `dotnet ef migrations add` writes SQLite's; api/Data/neutralise-migrations.py removes them.</summary>
public sealed partial class MigrationTests
{
    private static IEnumerable<string> MigrationFiles() =>
        System.IO.Directory.EnumerateFiles(Path.Combine(Repository.Root, "api", "Data", "Migrations"), "*.cs");

    [GeneratedRegex(@"type: ""|HasColumnType\(")]
    private static partial Regex StoreType();

    [Fact]
    public void NoMigrationNamesAStoreType()
    {
        var typed = MigrationFiles().Where(file => StoreType().IsMatch(File.ReadAllText(file))).Select(Path.GetFileName);

        Assert.Empty(typed); // run api/Data/neutralise-migrations.py
    }

    [Fact]
    public void EveryAutoincrementColumnIsAnIdentityOnPostgreSqlToo()
    {
        var text = string.Join("\n", MigrationFiles().Where(f => !f.EndsWith(".Designer.cs") && !f.EndsWith("ModelSnapshot.cs")).Select(File.ReadAllText));

        Assert.Equal(Regex.Count(text, @"Sqlite:Autoincrement"), Regex.Count(text, @"Npgsql:ValueGenerationStrategy"));
    }
}
