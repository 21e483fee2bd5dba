using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmimeAddin.Data.Migrations
{
    /// <inheritdoc />
    public partial class RequestsRecordTheirSourceMessage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SourceMessageId",
                table: "ContactRequests",
                maxLength: 998,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SourceReceivedAt",
                table: "ContactRequests",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SourceSubject",
                table: "ContactRequests",
                maxLength: 1000,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SourceMessageId",
                table: "ContactRequests");

            migrationBuilder.DropColumn(
                name: "SourceReceivedAt",
                table: "ContactRequests");

            migrationBuilder.DropColumn(
                name: "SourceSubject",
                table: "ContactRequests");
        }
    }
}
