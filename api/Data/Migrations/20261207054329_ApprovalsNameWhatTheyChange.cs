using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmimeAddin.Data.Migrations
{
    /// <inheritdoc />
    public partial class ApprovalsNameWhatTheyChange : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "Authorities",
                table: "ContactRequests",
                nullable: false,
                defaultValue: new byte[0]);

            migrationBuilder.AddColumn<string>(
                name: "ExistingEntryIdentity",
                table: "ContactRequests",
                maxLength: 1024,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReplaceThumbprints",
                table: "ContactRequests",
                maxLength: 4100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TrustIssuerThumbprints",
                table: "ContactRequests",
                maxLength: 4100,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Authorities",
                table: "ContactRequests");

            migrationBuilder.DropColumn(
                name: "ExistingEntryIdentity",
                table: "ContactRequests");

            migrationBuilder.DropColumn(
                name: "ReplaceThumbprints",
                table: "ContactRequests");

            migrationBuilder.DropColumn(
                name: "TrustIssuerThumbprints",
                table: "ContactRequests");
        }
    }
}
