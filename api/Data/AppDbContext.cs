using Microsoft.EntityFrameworkCore;

namespace SmimeAddin.Data;

/// <summary>Everything the app keeps. Each feature declares its own tables (an <see cref="IEntityTypeConfiguration{T}"/>
/// beside its entity, and a <c>db.Xxx</c> extension property for its queries), so that this floor knows no feature.
/// Only portable column types (strings with lengths, integers, booleans, byte arrays, enums as strings) so the same
/// model and migrations serve SQLite and PostgreSQL.</summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options)
{
    public DbSet<DataSeed> DataSeeds => Set<DataSeed>();
    public DbSet<Lease> Leases => Set<Lease>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<DataSeed>(seed =>
        {
            seed.HasKey(s => s.Name);
            seed.Property(s => s.Name).HasMaxLength(100);
        });

        model.Entity<Lease>(lease =>
        {
            lease.HasKey(l => l.Name);
            lease.Property(l => l.Name).HasMaxLength(100);
            lease.Property(l => l.Holder).HasMaxLength(64);
            lease.Property(l => l.ExpiresAt).StoredAsTicks();
        });

        model.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }
}
