using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace SmimeAddin.Data;

/// <summary>Recognises a save that a unique index or primary key refused: the way two writers racing for one name
/// learn that the other won.</summary>
public static class UniqueViolation
{
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    public static bool Is(DbUpdateException exception) => exception.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey,
        DbException other => other.SqlState == "23505", // SQL standard unique_violation (PostgreSQL)
        _ => false,
    };
}
