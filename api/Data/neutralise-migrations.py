#!/usr/bin/env python3
"""Makes the EF Core migrations serve SQLite and PostgreSQL alike, after `dotnet ef migrations add` wrote them for
SQLite: drops the store types (each provider then takes its own from the model: TEXT or character varying(n), BLOB or
bytea, INTEGER or bigint/boolean) and gives every identity column the annotation each provider reads.
Idempotent; run it from anywhere after adding a migration. tests/Data/MigrationTests checks the result."""
import pathlib
import re

folder = pathlib.Path(__file__).parent / "Migrations"
npgsql_using = "using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;\n"
identity = '.Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)'

for path in sorted(folder.glob("*.cs")):
    text = original = path.read_text(encoding="utf-8-sig")
    if path.name.endswith(".Designer.cs") or path.name.endswith("ModelSnapshot.cs"):
        text = re.sub(r'\n\s*\.HasColumnType\("[^"]*"\)', "", text)
        text = re.sub(r'\.HasColumnType\("[^"]*"\)', "", text)
        # int/long keys generated on add: SQLite makes them AUTOINCREMENT by convention, PostgreSQL needs the strategy.
        text = re.sub(r'(b\.Property<(int|long)>\("(\w+)"\)\s*\n(\s*)\.ValueGeneratedOnAdd\(\);)(?!\s*\n\s*NpgsqlPropertyBuilderExtensions)',
                      lambda m: f'{m.group(1)}\n\n{m.group(4)[:-4]}NpgsqlPropertyBuilderExtensions.UseIdentityByDefaultColumn(b.Property<{m.group(2)}>("{m.group(3)}"));',
                      text)
    else:
        text = re.sub(r'\n\s*type: "[^"]*",(?=\n)', "", text)  # AddColumn and AlterColumn: one argument a line
        text = re.sub(r'type: "[^"]*", ', "", text)
        text = re.sub(r'(\n(\s*)\.Annotation\("Sqlite:Autoincrement", true\))(?!\s*\n\s*\.Annotation\("Npgsql)',
                      lambda m: f"{m.group(1)}\n{m.group(2)}{identity}", text)
    # Only for the names that using brings in: a hand-written migration may name Npgsql for other reasons.
    if ("NpgsqlValueGenerationStrategy" in text or "NpgsqlPropertyBuilderExtensions" in text) and npgsql_using not in text:
        anchor = next(a for a in ("using Microsoft.EntityFrameworkCore.Infrastructure;\n", "using Microsoft.EntityFrameworkCore.Migrations;\n") if a in text)
        text = text.replace(anchor, anchor + npgsql_using, 1)
    if text != original:
        path.write_text(text, encoding="utf-8")
        print(f"neutralised {path.name}")
