using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace SmimeAddin.Data.Migrations
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DataSeeds",
                columns: table => new
                {
                    Name = table.Column<string>(maxLength: 100, nullable: false),
                    AppliedAt = table.Column<DateTimeOffset>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataSeeds", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "DirectoryIssuingCaStore",
                columns: table => new
                {
                    Id = table.Column<int>(nullable: false),
                    Store = table.Column<byte[]>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DirectoryIssuingCaStore", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DirectoryRecipients",
                columns: table => new
                {
                    Id = table.Column<int>(nullable: false)
                        .Annotation("Sqlite:Autoincrement", true)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<string>(maxLength: 32, nullable: false),
                    Name = table.Column<string>(maxLength: 64, nullable: false),
                    NormalizedName = table.Column<string>(maxLength: 64, nullable: false),
                    DisplayName = table.Column<string>(maxLength: 256, nullable: false),
                    ExternalEmailAddress = table.Column<string>(maxLength: 320, nullable: true),
                    CertificatesVersion = table.Column<int>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DirectoryRecipients", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DirectoryAddresses",
                columns: table => new
                {
                    Id = table.Column<int>(nullable: false)
                        .Annotation("Sqlite:Autoincrement", true)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RecipientId = table.Column<int>(nullable: false),
                    Address = table.Column<string>(maxLength: 320, nullable: false),
                    NormalizedAddress = table.Column<string>(maxLength: 320, nullable: false),
                    IsPrimary = table.Column<bool>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DirectoryAddresses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DirectoryAddresses_DirectoryRecipients_RecipientId",
                        column: x => x.RecipientId,
                        principalTable: "DirectoryRecipients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DirectoryCertificates",
                columns: table => new
                {
                    Id = table.Column<int>(nullable: false)
                        .Annotation("Sqlite:Autoincrement", true)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RecipientId = table.Column<int>(nullable: false),
                    Attribute = table.Column<string>(maxLength: 32, nullable: false),
                    Order = table.Column<int>(nullable: false),
                    Value = table.Column<byte[]>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DirectoryCertificates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DirectoryCertificates_DirectoryRecipients_RecipientId",
                        column: x => x.RecipientId,
                        principalTable: "DirectoryRecipients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryAddresses_NormalizedAddress",
                table: "DirectoryAddresses",
                column: "NormalizedAddress",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryAddresses_RecipientId",
                table: "DirectoryAddresses",
                column: "RecipientId");

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryCertificates_RecipientId_Attribute_Order",
                table: "DirectoryCertificates",
                columns: new[] { "RecipientId", "Attribute", "Order" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryRecipients_NormalizedName",
                table: "DirectoryRecipients",
                column: "NormalizedName",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DataSeeds");

            migrationBuilder.DropTable(
                name: "DirectoryAddresses");

            migrationBuilder.DropTable(
                name: "DirectoryCertificates");

            migrationBuilder.DropTable(
                name: "DirectoryIssuingCaStore");

            migrationBuilder.DropTable(
                name: "DirectoryRecipients");
        }
    }
}
