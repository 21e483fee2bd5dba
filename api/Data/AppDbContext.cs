using Microsoft.EntityFrameworkCore;
using SmimeAddin.Directory.Embedded;

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
    }
}
