using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmimeAddin.Data;

namespace SmimeAddin.Notifications;

/// <summary>A message the embedded notifier kept instead of sending: without a tenant there is no mail to send
/// through, and an admin can still read what would have gone out.</summary>
public sealed class OutboxMessage
{
    public const int MaxRecipientsLength = 4000;
    public const int MaxSubjectLength = 1000;
    public const int MaxBodyLength = 8000;

    public long Id { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public NotificationKind Kind { get; set; }
    public Guid RequestId { get; set; }
    /// <summary>Addresses separated by "; ", as Outlook writes a To line; nothing queries them one by one.</summary>
    public string To { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Body { get; set; } = "";
}

internal sealed class OutboxMessageTable : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> message)
    {
        message.ToTable("OutboxMessages");
        message.Property(m => m.Kind).HasConversion<string>().HasMaxLength(32);
        message.Property(m => m.To).HasMaxLength(OutboxMessage.MaxRecipientsLength);
        message.Property(m => m.Subject).HasMaxLength(OutboxMessage.MaxSubjectLength);
        message.Property(m => m.Body).HasMaxLength(OutboxMessage.MaxBodyLength);
        message.HasIndex(m => m.RequestId);
        message.Property(m => m.CreatedAt).StoredAsTicks();
    }
}

public static class OutboxTables
{
    extension(AppDbContext db)
    {
        public DbSet<OutboxMessage> OutboxMessages => db.Set<OutboxMessage>();
    }
}

/// <param name="To">The recipients, in the order the message named them.</param>
public sealed record OutboxMessageView(long Id, DateTimeOffset CreatedAt, string Kind, Guid RequestId, IReadOnlyList<string> To,
    string Subject, string Body)
{
    internal const string Separator = "; ";

    internal static OutboxMessageView From(OutboxMessage message) => new(message.Id, message.CreatedAt, message.Kind.ToString(),
        message.RequestId, message.To.Split(Separator, StringSplitOptions.RemoveEmptyEntries), message.Subject, message.Body);
}

/// <param name="Total">Messages in the outbox, across all pages.</param>
public sealed record OutboxPage(IReadOnlyList<OutboxMessageView> Messages, int Page, int PageSize, int Total);
