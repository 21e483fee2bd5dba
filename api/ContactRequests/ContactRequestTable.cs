using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmimeAddin.Data;

namespace SmimeAddin.ContactRequests;

internal sealed class ContactRequestTable : IEntityTypeConfiguration<ContactRequest>
{
    public void Configure(EntityTypeBuilder<ContactRequest> request)
    {
        request.ToTable("ContactRequests");
        request.Property(r => r.EmailAddress).HasMaxLength(ContactRequest.MaxAddressLength);
        request.Property(r => r.NormalizedEmailAddress).HasMaxLength(ContactRequest.MaxAddressLength);
        request.Property(r => r.DisplayName).HasMaxLength(ContactRequest.MaxDisplayNameLength);
        request.Property(r => r.ContactName).HasMaxLength(ContactRequest.MaxContactNameLength);
        request.Property(r => r.RequestedBy).HasMaxLength(ContactRequest.MaxAddressLength);
        request.Property(r => r.RequestedByName).HasMaxLength(ContactRequest.MaxDisplayNameLength);
        request.Property(r => r.DecidedBy).HasMaxLength(ContactRequest.MaxAddressLength);
        request.Property(r => r.RejectionReason).HasMaxLength(1000);
        request.Property(r => r.LastError).HasMaxLength(2000);
        request.Property(r => r.ClaimedBy).HasMaxLength(200);
        request.Property(r => r.Thumbprint).HasMaxLength(40);
        request.Property(r => r.TrustIssuerThumbprints).HasMaxLength(ContactRequest.MaxThumbprintListLength);
        request.Property(r => r.ReplaceThumbprints).HasMaxLength(ContactRequest.MaxThumbprintListLength);
        request.Property(r => r.ExistingEntryIdentity).HasMaxLength(ContactRequest.MaxIdentityLength);
        request.Property(r => r.SourceMessageId).HasMaxLength(RequestSource.MaxMessageIdLength);
        request.Property(r => r.SourceSubject).HasMaxLength(RequestSource.MaxSubjectLength);
        request.Property(r => r.SourceReceivedAt).StoredAsTicks();
        request.Property(r => r.Status).HasConversion<string>().HasMaxLength(16).IsConcurrencyToken();
        // One open request per address, also when two arrive together (the same SQL on SQLite and PostgreSQL).
        request.HasIndex(r => r.NormalizedEmailAddress).IsUnique()
            .HasFilter("\"Status\" IN ('Pending', 'Approved', 'Provisioning')").HasDatabaseName("IX_ContactRequests_OpenPerAddress");
        request.HasIndex(r => r.RequestedBy);
        request.HasIndex(r => new { r.Status, r.NextAttemptAt });
        request.Property(r => r.RequestedAt).StoredAsTicks();
        request.Property(r => r.CertificateNotAfter).StoredAsTicks();
        request.Property(r => r.DecidedAt).StoredAsTicks();
        request.Property(r => r.NextAttemptAt).StoredAsTicks();
        request.Property(r => r.ClaimExpiresAt).StoredAsTicks();
        request.Property(r => r.ProvisionedAt).StoredAsTicks();
    }
}

public static class ContactRequestTables
{
    extension(AppDbContext db)
    {
        public DbSet<ContactRequest> ContactRequests => db.Set<ContactRequest>();
    }
}
