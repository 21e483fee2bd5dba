using SmimeAddin.Data;

namespace SmimeAddin.Audit;

/// <summary>Adds audit events to the same unit of work as the change they record, so both commit or neither does.</summary>
public static class AuditLog
{
    public const string System = "system";

    public static class Outcomes
    {
        /// <summary>A change about to be made in the directory, recorded before it; a Succeeded or Failed line follows.</summary>
        public const string Intended = "Intended";
        public const string Succeeded = "Succeeded";
        public const string Refused = "Refused";
        public const string Failed = "Failed";
    }

    public static void Record(this AppDbContext db, DateTimeOffset at, string actor, string action, string outcome,
        Guid? requestId = null, string? details = null, string? remoteAddress = null) =>
        db.AuditEvents.Add(new AuditEvent
        {
            At = at,
            Actor = actor,
            Action = action,
            Outcome = outcome,
            RequestId = requestId,
            Details = details is { Length: > 4000 } ? details[..4000] : details,
            RemoteAddress = remoteAddress,
        });
}
