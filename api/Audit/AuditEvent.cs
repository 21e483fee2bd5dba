using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmimeAddin.Data;

namespace SmimeAddin.Audit;

/// <summary>One append-only line of the audit log: who did what, when, from where, to which request, and how it ended.</summary>
public sealed class AuditEvent
{
    public const int MaxActorLength = 320;

    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>The caller's address, or "system" for the provisioning worker.</summary>
    public string Actor { get; set; } = "";
    /// <summary>Stable action code, e.g. RequestSubmitted, RequestApproved, ContactCreated, TrustedIssuersReplaced.</summary>
    public string Action { get; set; } = "";
    public Guid? RequestId { get; set; }
    /// <summary>Intended (before a directory change), Succeeded, Refused or Failed.</summary>
    public string Outcome { get; set; } = "";
    /// <summary>Facts for the record (a contact name, thumbprints, an error): never a certificate or a token.</summary>
    public string? Details { get; set; }
    public string? RemoteAddress { get; set; }
}

internal sealed class AuditEventTable : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> audit)
    {
        audit.ToTable("AuditEvents");
        audit.Property(a => a.Actor).HasMaxLength(AuditEvent.MaxActorLength);
        audit.Property(a => a.Action).HasMaxLength(64);
        audit.Property(a => a.Outcome).HasMaxLength(16);
        audit.Property(a => a.Details).HasMaxLength(4000);
        audit.Property(a => a.RemoteAddress).HasMaxLength(64);
        audit.HasIndex(a => a.RequestId);
        audit.Property(a => a.At).StoredAsTicks();
    }
}

public static class AuditTables
{
    extension(AppDbContext db)
    {
        public DbSet<AuditEvent> AuditEvents => db.Set<AuditEvent>();
    }
}
