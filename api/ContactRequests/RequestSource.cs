using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using SmimeAddin.Http;
using SmimeAddin.Resources;

namespace SmimeAddin.ContactRequests;

/// <summary>Where the certificate came from when the file is a message the requester received (the pane sends it from
/// a message being read): its Message-ID, subject and received date, for the approver and the audit. Every part is
/// optional, and every part comes from the client: bounded and checked like any other input, never trusted as fact.</summary>
public sealed record RequestSource(string? MessageId, string? Subject, DateTimeOffset? ReceivedAt)
{
    public const int MaxMessageIdLength = 998; // RFC 5322's longest line
    public const int MaxSubjectLength = 1000;
    private const int MaxDateLength = 64;

    public static readonly RequestSource None = new(null, null, null);

    [JsonIgnore]
    public bool IsEmpty => MessageId is null && Subject is null && ReceivedAt is null;

    /// <summary>The form's sourceMessageId, sourceSubject and sourceReceivedAt, or the 400 that says which is wrong.</summary>
    public static (RequestSource? Source, ProblemHttpResult? Refusal) Read(IFormCollection form, DateTimeOffset now, IStringLocalizer<Messages> text)
    {
        if (Text(form, "sourceMessageId", MaxMessageIdLength, text) is var (messageId, badId) && badId is not null)
            return (null, badId);
        if (Text(form, "sourceSubject", MaxSubjectLength, text) is var (subject, badSubject) && badSubject is not null)
            return (null, badSubject);
        if (Text(form, "sourceReceivedAt", MaxDateLength, text) is var (date, badDate) && badDate is not null)
            return (null, badDate);
        if (date is null)
            return (new(messageId, subject, null), null);
        // A received date is in the past (a day's grace for clocks) and after e-mail existed in this form.
        if (!DateTimeOffset.TryParse(date, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var receivedAt)
            || receivedAt.Year < 1990 || receivedAt > now.AddDays(1))
            return (null, Problems.Validation("sourceReceivedAt", text, "Requests.SourceReceivedAtInvalid"));
        return (new(messageId, subject, receivedAt.ToUniversalTime()), null);
    }

    /// <summary>Null when absent or blank; refused when repeated, too long, or carrying control characters (a line break
    /// in a subject could forge a line in a log or a notification) or bidirectional controls.</summary>
    private static (string? Value, ProblemHttpResult? Refusal) Text(IFormCollection form, string field, int maxLength,
        IStringLocalizer<Messages> text)
    {
        var values = form[field];
        if (values.Count > 1)
            return (null, Problems.Validation(field, text, "Requests.SourceFieldRepeated", field));
        var value = values.ToString().Trim();
        if (value.Length == 0)
            return (null, null);
        if (value.Length > maxLength)
            return (null, Problems.Validation(field, text, "Requests.SourceFieldTooLong", field, maxLength));
        if (value.Any(c => char.IsControl(c) || IsBidiControl(c)))
            return (null, Problems.Validation(field, text, "Requests.SourceFieldControlCharacters", field));
        return (value, null);
    }

    /// <summary>Embeddings, overrides and isolates reorder the text around them: a subject could show the approver
    /// something other than what it holds.</summary>
    private static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';

    /// <summary>For the audit event of the submission.</summary>
    public override string ToString() => IsEmpty ? "" : string.Join(", ", new[]
    {
        MessageId is null ? null : $"message {MessageId}",
        Subject is null ? null : $"subject \"{Subject}\"",
        ReceivedAt is null ? null : $"received {ReceivedAt.Value.ToString("O", CultureInfo.InvariantCulture)}",
    }.Where(part => part is not null));
}
