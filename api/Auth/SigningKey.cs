using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmimeAddin.Data;

namespace SmimeAddin.Auth;

/// <summary>A key the app signs with, kept in the database so that every instance on it signs and checks alike.</summary>
public sealed class SigningKey
{
    public const string Local = "local";

    public required string Name { get; set; }
    public required byte[] Key { get; set; }
}

internal sealed class SigningKeyTable : IEntityTypeConfiguration<SigningKey>
{
    public void Configure(EntityTypeBuilder<SigningKey> key)
    {
        key.ToTable("SigningKeys");
        key.HasKey(k => k.Name);
        key.Property(k => k.Name).HasMaxLength(32);
    }
}

public static class SigningKeyTables
{
    extension(AppDbContext db)
    {
        public DbSet<SigningKey> SigningKeys => db.Set<SigningKey>();
    }
}
