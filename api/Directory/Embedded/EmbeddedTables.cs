using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmimeAddin.Data;

namespace SmimeAddin.Directory.Embedded;

internal sealed class EmbeddedRecipientTable : IEntityTypeConfiguration<EmbeddedRecipient>
{
    public void Configure(EntityTypeBuilder<EmbeddedRecipient> recipient)
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
    }
}

internal sealed class EmbeddedAddressTable : IEntityTypeConfiguration<EmbeddedAddress>
{
    public void Configure(EntityTypeBuilder<EmbeddedAddress> address)
    {
        address.ToTable("DirectoryAddresses");
        address.Property(a => a.Address).HasMaxLength(EmbeddedAddress.MaxLength);
        address.Property(a => a.NormalizedAddress).HasMaxLength(EmbeddedAddress.MaxLength);
        address.HasIndex(a => a.NormalizedAddress).IsUnique();
    }
}

internal sealed class EmbeddedCertificateTable : IEntityTypeConfiguration<EmbeddedCertificate>
{
    public void Configure(EntityTypeBuilder<EmbeddedCertificate> certificate)
    {
        certificate.ToTable("DirectoryCertificates");
        certificate.Property(c => c.Attribute).HasConversion<string>().HasMaxLength(32);
        certificate.HasIndex(c => new { c.RecipientId, c.Attribute, c.Order }).IsUnique();
    }
}

internal sealed class EmbeddedIssuingCaStoreTable : IEntityTypeConfiguration<EmbeddedIssuingCaStore>
{
    public void Configure(EntityTypeBuilder<EmbeddedIssuingCaStore> store)
    {
        store.ToTable("DirectoryIssuingCaStore");
        store.Property(s => s.Id).ValueGeneratedNever();
    }
}

/// <summary>The embedded directory's tables, for its queries: <c>db.DirectoryRecipients</c> and the rest.</summary>
public static class EmbeddedTables
{
    extension(AppDbContext db)
    {
        public DbSet<EmbeddedRecipient> DirectoryRecipients => db.Set<EmbeddedRecipient>();
        public DbSet<EmbeddedAddress> DirectoryAddresses => db.Set<EmbeddedAddress>();
        public DbSet<EmbeddedCertificate> DirectoryCertificates => db.Set<EmbeddedCertificate>();
        public DbSet<EmbeddedIssuingCaStore> DirectoryIssuingCaStores => db.Set<EmbeddedIssuingCaStore>();
    }
}
