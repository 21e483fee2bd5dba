using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmimeAddin.Data.Migrations
{
    /// <summary>The audit log is append-only in the database itself: an UPDATE or a DELETE of an audit row (and, on
    /// PostgreSQL, a TRUNCATE) is refused by a trigger, whoever sends it. The model does not change, so this migration
    /// is written by hand, with no change to the snapshot; its target model (the Designer file) is the one before it. On SQLite a table rebuild (which EF
    /// makes for some column changes) drops a table's triggers: a later migration that rebuilds AuditEvents must
    /// create these again.</summary>
    [DbContext(typeof(AppDbContext))]
    [Migration("20261207060000_AuditAppendOnly")]
    public partial class AuditAppendOnly : Migration
    {
        private const string Refusal = "AuditEvents is append-only";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            if (IsPostgreSql(migrationBuilder))
            {
                migrationBuilder.Sql($"""
                    CREATE FUNCTION "AuditEventsAppendOnly"() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        RAISE EXCEPTION '{Refusal}: % refused', TG_OP;
                    END
                    $$;
                    """);
                migrationBuilder.Sql("""
                    CREATE TRIGGER "AuditEventsNoUpdateOrDelete" BEFORE UPDATE OR DELETE ON "AuditEvents"
                        FOR EACH ROW EXECUTE FUNCTION "AuditEventsAppendOnly"();
                    """);
                migrationBuilder.Sql("""
                    CREATE TRIGGER "AuditEventsNoTruncate" BEFORE TRUNCATE ON "AuditEvents"
                        FOR EACH STATEMENT EXECUTE FUNCTION "AuditEventsAppendOnly"();
                    """);
            }
            else
            {
                migrationBuilder.Sql($"""
                    CREATE TRIGGER "AuditEventsNoUpdate" BEFORE UPDATE ON "AuditEvents"
                    BEGIN SELECT RAISE(ABORT, '{Refusal}: UPDATE refused'); END;
                    """);
                migrationBuilder.Sql($"""
                    CREATE TRIGGER "AuditEventsNoDelete" BEFORE DELETE ON "AuditEvents"
                    BEGIN SELECT RAISE(ABORT, '{Refusal}: DELETE refused'); END;
                    """);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            if (IsPostgreSql(migrationBuilder))
            {
                migrationBuilder.Sql("""DROP TRIGGER "AuditEventsNoTruncate" ON "AuditEvents";""");
                migrationBuilder.Sql("""DROP TRIGGER "AuditEventsNoUpdateOrDelete" ON "AuditEvents";""");
                migrationBuilder.Sql("""DROP FUNCTION "AuditEventsAppendOnly"();""");
            }
            else
            {
                migrationBuilder.Sql("""DROP TRIGGER "AuditEventsNoDelete";""");
                migrationBuilder.Sql("""DROP TRIGGER "AuditEventsNoUpdate";""");
            }
        }

        /// <summary>One migration serves both providers; any other is refused rather than left without the triggers.</summary>
        private static bool IsPostgreSql(MigrationBuilder migrationBuilder) => migrationBuilder.ActiveProvider switch
        {
            "Npgsql.EntityFrameworkCore.PostgreSQL" => true,
            "Microsoft.EntityFrameworkCore.Sqlite" => false,
            var other => throw new NotSupportedException($"The AuditAppendOnly migration has no triggers for {other}."),
        };
    }
}
