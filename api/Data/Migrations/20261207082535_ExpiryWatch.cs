using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace SmimeAddin.Data.Migrations
{
    /// <inheritdoc />
    public partial class ExpiryWatch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ExpiryScans",
                columns: table => new
                {
                    Id = table.Column<long>(nullable: false)
                        .Annotation("Sqlite:Autoincrement", true)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    At = table.Column<long>(nullable: false),
                    Succeeded = table.Column<bool>(nullable: false),
                    Entries = table.Column<int>(nullable: false),
                    Certificates = table.Column<int>(nullable: false),
                    Unreadable = table.Column<int>(nullable: false),
                    Warned = table.Column<int>(nullable: false),
                    Error = table.Column<string>(maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExpiryScans", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ExpiryWarnings",
                columns: table => new
                {
                    Thumbprint = table.Column<string>(maxLength: 40, nullable: false),
                    ThresholdDays = table.Column<int>(nullable: false),
                    EmailAddress = table.Column<string>(maxLength: 320, nullable: false),
                    SentAt = table.Column<long>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExpiryWarnings", x => new { x.Thumbprint, x.ThresholdDays });
                });

            migrationBuilder.CreateTable(
                name: "WatchedCertificates",
                columns: table => new
                {
                    Id = table.Column<int>(nullable: false)
                        .Annotation("Sqlite:Autoincrement", true)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EmailAddress = table.Column<string>(maxLength: 320, nullable: false),
                    EntryName = table.Column<string>(maxLength: 256, nullable: false),
                    EntryKind = table.Column<string>(maxLength: 16, nullable: false),
                    Thumbprint = table.Column<string>(maxLength: 40, nullable: true),
                    Subject = table.Column<string>(maxLength: 1000, nullable: true),
                    NotAfter = table.Column<long>(nullable: true),
                    Problem = table.Column<string>(maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WatchedCertificates", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ExpiryScans_At",
                table: "ExpiryScans",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_WatchedCertificates_NotAfter",
                table: "WatchedCertificates",
                column: "NotAfter");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ExpiryScans");

            migrationBuilder.DropTable(
                name: "ExpiryWarnings");

            migrationBuilder.DropTable(
                name: "WatchedCertificates");
        }
    }
}
