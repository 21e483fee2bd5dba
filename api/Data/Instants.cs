using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace SmimeAddin.Data;

/// <summary>Instants are stored as UTC ticks: comparable and sortable in SQL on SQLite (which cannot order
/// DateTimeOffset text) and PostgreSQL alike. Every instant the app writes is UTC.</summary>
public static class Instants
{
    public static PropertyBuilder<DateTimeOffset> StoredAsTicks(this PropertyBuilder<DateTimeOffset> property) =>
        property.HasConversion(new DateTimeOffsetToBinaryConverter());

    public static PropertyBuilder<DateTimeOffset?> StoredAsTicks(this PropertyBuilder<DateTimeOffset?> property) =>
        property.HasConversion(new DateTimeOffsetToBinaryConverter());
}
