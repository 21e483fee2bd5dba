using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SmimeAddin.Audit;
using SmimeAddin.Auth;
using SmimeAddin.ContactRequests;
using SmimeAddin.Directory.Embedded;
using SmimeAddin.Notifications;

namespace SmimeAddin.Data;

/// <summary>Everything the app keeps. Only portable column types (strings with lengths, integers, booleans,
/// byte arrays, enums as strings) so the same model and migrations serve SQLite and PostgreSQL.</summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options)
{
    public DbSet<DataSeed> DataSeeds => Set<DataSeed>();
    public DbSet<EmbeddedRecipient> DirectoryRecipients => Set<EmbeddedRecipient>();
    public DbSet<EmbeddedAddress> DirectoryAddresses => Set<EmbeddedAddress>();
    public DbSet<EmbeddedCertificate> DirectoryCertificates => Set<EmbeddedCertificate>();
    public DbSet<EmbeddedIssuingCaStore> DirectoryIssuingCaStores => Set<EmbeddedIssuingCaStore>();
    public DbSet<ContactRequest> ContactRequests => Set<ContactRequest>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();
    public DbSet<Lease> Leases => Set<Lease>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<DataSeed>(seed =>
        {
            seed.HasKey(s => s.Name);
            seed.Property(s => s.Name).HasMaxLength(100);
        });

        model.Entity<EmbeddedRecipient>(recipient =>
        {
            recipient.ToTable("DirectoryRecipients");
            recipient.Property(r => r.Kind).HasConversion<string>().HasMaxLength(32);
            recipient.Property(r => r.Name).HasMaxLength(EmbeddedRecipient.MaxNameLength);
            recipient.Property(r => r.NormalizedName).HasMaxLength(EmbeddedRecipient.MaxNameLength);
            recipient.HasIndex(r => r.NormalizedName).IsUnique();
            recipient.Property(r => r.DisplayName).HasMaxLength(EmbeddedRecipient.MaxDisplayNameLength);
            recipient.Property(r => r.ExternalEmailAddress).HasMaxLength(EmbeddedAddress.MaxLength);
            recipient.HasMany(r => r.Addresses).WithOne().HasForeignKey(a => a.RecipientId).OnDelete(DeleteBehavior.Cascade);
            recipient.HasMany(r => r.Certificates).WithOne().HasForeignKey(c => c.RecipientId).OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<EmbeddedAddress>(address =>
        {
            address.ToTable("DirectoryAddresses");
            address.Property(a => a.Address).HasMaxLength(EmbeddedAddress.MaxLength);
            address.Property(a => a.NormalizedAddress).HasMaxLength(EmbeddedAddress.MaxLength);
            address.HasIndex(a => a.NormalizedAddress).IsUnique();
        });

        model.Entity<EmbeddedCertificate>(certificate =>
        {
            certificate.ToTable("DirectoryCertificates");
            certificate.Property(c => c.Attribute).HasConversion<string>().HasMaxLength(32);
            certificate.HasIndex(c => new { c.RecipientId, c.Attribute, c.Order }).IsUnique();
        });

        model.Entity<EmbeddedIssuingCaStore>(store =>
        {
            store.ToTable("DirectoryIssuingCaStore");
            store.Property(s => s.Id).ValueGeneratedNever();
        });

        model.Entity<ContactRequest>(request =>
        {
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
            request.Property(r => r.Status).HasConversion<string>().HasMaxLength(16).IsConcurrencyToken();
            // One open request per address, also when two arrive together (the same SQL on SQLite and PostgreSQL).
            request.HasIndex(r => r.NormalizedEmailAddress).IsUnique()
                .HasFilter("\"Status\" IN ('Pending', 'Approved', 'Provisioning')").HasDatabaseName("IX_ContactRequests_OpenPerAddress");
            request.HasIndex(r => r.RequestedBy);
            request.HasIndex(r => new { r.Status, r.NextAttemptAt });
            Instants(request.Property(r => r.RequestedAt), request.Property(r => r.CertificateNotAfter));
            Instants(request.Property(r => r.DecidedAt), request.Property(r => r.NextAttemptAt),
                request.Property(r => r.ClaimExpiresAt), request.Property(r => r.ProvisionedAt));
        });

        model.Entity<AuditEvent>(audit =>
        {
            audit.Property(a => a.Actor).HasMaxLength(AuditEvent.MaxActorLength);
            audit.Property(a => a.Action).HasMaxLength(64);
            audit.Property(a => a.Outcome).HasMaxLength(16);
            audit.Property(a => a.Details).HasMaxLength(4000);
            audit.Property(a => a.RemoteAddress).HasMaxLength(64);
            audit.HasIndex(a => a.RequestId);
            Instants(audit.Property(a => a.At));
        });

        model.Entity<OutboxMessage>(message =>
        {
            message.Property(m => m.Kind).HasConversion<string>().HasMaxLength(32);
            message.Property(m => m.To).HasMaxLength(OutboxMessage.MaxRecipientsLength);
            message.Property(m => m.Subject).HasMaxLength(OutboxMessage.MaxSubjectLength);
            message.Property(m => m.Body).HasMaxLength(OutboxMessage.MaxBodyLength);
            message.HasIndex(m => m.RequestId);
            Instants(message.Property(m => m.CreatedAt));
        });

        model.Entity<SigningKey>(key =>
        {
            key.HasKey(k => k.Name);
            key.Property(k => k.Name).HasMaxLength(32);
        });

        model.Entity<Lease>(lease =>
        {
            lease.HasKey(l => l.Name);
            lease.Property(l => l.Name).HasMaxLength(100);
            lease.Property(l => l.Holder).HasMaxLength(64);
            Instants(lease.Property(l => l.ExpiresAt));
        });
    }

    // Instants are stored as UTC ticks: comparable and sortable in SQL on SQLite (which cannot order DateTimeOffset
    // text) and PostgreSQL alike. Every instant the app writes is UTC.
    private static void Instants(params Microsoft.EntityFrameworkCore.Metadata.Builders.PropertyBuilder<DateTimeOffset>[] properties)
    {
        foreach (var property in properties)
            property.HasConversion(new DateTimeOffsetToBinaryConverter());
    }

    private static void Instants(params Microsoft.EntityFrameworkCore.Metadata.Builders.PropertyBuilder<DateTimeOffset?>[] properties)
    {
        foreach (var property in properties)
            property.HasConversion(new DateTimeOffsetToBinaryConverter());
    }
}
