using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace SmimeAddin.Data.Migrations
{
    /// <inheritdoc />
    public partial class ContactRequestsAndAudit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AuditEvents",
                columns: table => new
                {
                    Id = table.Column<long>(nullable: false)
                        .Annotation("Sqlite:Autoincrement", true)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    At = table.Column<long>(nullable: false),
                    Actor = table.Column<string>(maxLength: 320, nullable: false),
                    Action = table.Column<string>(maxLength: 64, nullable: false),
                    RequestId = table.Column<Guid>(nullable: true),
                    Outcome = table.Column<string>(maxLength: 16, nullable: false),
                    Details = table.Column<string>(maxLength: 4000, nullable: true),
                    RemoteAddress = table.Column<string>(maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEvents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ContactRequests",
                columns: table => new
                {
                    Id = table.Column<Guid>(nullable: false),
                    EmailAddress = table.Column<string>(maxLength: 320, nullable: false),
                    NormalizedEmailAddress = table.Column<string>(maxLength: 320, nullable: false),
                    DisplayName = table.Column<string>(maxLength: 256, nullable: false),
                    ContactName = table.Column<string>(maxLength: 64, nullable: false),
                    RequestedBy = table.Column<string>(maxLength: 320, nullable: false),
                    RequestedByName = table.Column<string>(maxLength: 256, nullable: false),
                    RequestedAt = table.Column<long>(nullable: false),
                    Certificate = table.Column<byte[]>(nullable: false),
                    CertificateChain = table.Column<byte[]>(nullable: false),
                    Thumbprint = table.Column<string>(maxLength: 40, nullable: false),
                    CertificateNotAfter = table.Column<long>(nullable: false),
                    Status = table.Column<string>(maxLength: 16, nullable: false),
                    DecidedBy = table.Column<string>(maxLength: 320, nullable: true),
                    DecidedAt = table.Column<long>(nullable: true),
                    RejectionReason = table.Column<string>(maxLength: 1000, nullable: true),
                    TrustIssuer = table.Column<bool>(nullable: false),
                    Attempts = table.Column<int>(nullable: false),
                    NextAttemptAt = table.Column<long>(nullable: true),
                    LastError = table.Column<string>(maxLength: 2000, nullable: true),
                    ClaimedBy = table.Column<string>(maxLength: 200, nullable: true),
                    ClaimExpiresAt = table.Column<long>(nullable: true),
                    ProvisionedAt = table.Column<long>(nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContactRequests", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_RequestId",
                table: "AuditEvents",
                column: "RequestId");

            migrationBuilder.CreateIndex(
                name: "IX_ContactRequests_OpenPerAddress",
                table: "ContactRequests",
                column: "NormalizedEmailAddress",
                unique: true,
                filter: "\"Status\" IN ('Pending', 'Approved', 'Provisioning')");

            migrationBuilder.CreateIndex(
                name: "IX_ContactRequests_RequestedBy",
                table: "ContactRequests",
                column: "RequestedBy");

            migrationBuilder.CreateIndex(
                name: "IX_ContactRequests_Status_NextAttemptAt",
                table: "ContactRequests",
                columns: new[] { "Status", "NextAttemptAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuditEvents");

            migrationBuilder.DropTable(
                name: "ContactRequests");
        }
    }
}
