using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmimeAddin.Data;
using SmimeAddin.Directory;

namespace SmimeAddin.Lifecycle;

/// <summary>One certificate published on a directory entry, as the last successful scan read it; or, with
/// <see cref="Problem"/> set, a value on the entry the scan could not read (never taken for "no certificate").</summary>
public sealed class WatchedCertificate
{
    public int Id { get; set; }
    public required string EmailAddress { get; set; }
    public required string EntryName { get; set; }
    public RecipientKind EntryKind { get; set; }
    public string? Thumbprint { get; set; }
    public string? Subject { get; set; }
    public DateTimeOffset? NotAfter { get; set; }
    public string? Problem { get; set; }
}

/// <summary>A warning sent: once per certificate and threshold (<see cref="LifecycleOptions.WarnDays"/>).</summary>
public sealed class ExpiryWarning
{
    public required string Thumbprint { get; set; }
    public int ThresholdDays { get; set; }
    public required string EmailAddress { get; set; }
    public DateTimeOffset SentAt { get; set; }
}

/// <summary>One scan: when, how it went, and what it read.</summary>
public sealed class ExpiryScanRecord
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public bool Succeeded { get; set; }
    public int Entries { get; set; }
    public int Certificates { get; set; }
    public int Unreadable { get; set; }
    public int Warned { get; set; }
    public string? Error { get; set; }
}

internal sealed class LifecycleTables :
    IEntityTypeConfiguration<WatchedCertificate>, IEntityTypeConfiguration<ExpiryWarning>, IEntityTypeConfiguration<ExpiryScanRecord>
{
    public void Configure(EntityTypeBuilder<WatchedCertificate> watched)
    {
        watched.ToTable("WatchedCertificates");
        watched.Property(w => w.EmailAddress).HasMaxLength(320);
        watched.Property(w => w.EntryName).HasMaxLength(256);
        watched.Property(w => w.EntryKind).HasConversion<string>().HasMaxLength(16);
        watched.Property(w => w.Thumbprint).HasMaxLength(40);
        watched.Property(w => w.Subject).HasMaxLength(1000);
        watched.Property(w => w.NotAfter).StoredAsTicks();
        watched.Property(w => w.Problem).HasMaxLength(1000);
        watched.HasIndex(w => w.NotAfter);
    }

    public void Configure(EntityTypeBuilder<ExpiryWarning> warning)
    {
        warning.ToTable("ExpiryWarnings");
        warning.HasKey(w => new { w.Thumbprint, w.ThresholdDays });
        warning.Property(w => w.Thumbprint).HasMaxLength(40);
        warning.Property(w => w.EmailAddress).HasMaxLength(320);
        warning.Property(w => w.SentAt).StoredAsTicks();
    }

    public void Configure(EntityTypeBuilder<ExpiryScanRecord> scan)
    {
        scan.ToTable("ExpiryScans");
        scan.Property(s => s.At).StoredAsTicks();
        scan.Property(s => s.Error).HasMaxLength(2000);
        scan.HasIndex(s => s.At);
    }
}

public static class LifecycleTableSets
{
    extension(AppDbContext db)
    {
        public DbSet<WatchedCertificate> WatchedCertificates => db.Set<WatchedCertificate>();
        public DbSet<ExpiryWarning> ExpiryWarnings => db.Set<ExpiryWarning>();
        public DbSet<ExpiryScanRecord> ExpiryScans => db.Set<ExpiryScanRecord>();
    }
}
