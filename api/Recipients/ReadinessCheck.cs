using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Org.BouncyCastle.X509;
using SmimeAddin.Certificates;
using SmimeAddin.ContactRequests;
using SmimeAddin.Data;
using SmimeAddin.Directory;
using SmimeAddin.Resources;
using SmimeAddin.Telemetry;
using SmimeAddin.Trust;

namespace SmimeAddin.Recipients;

/// <summary>For each recipient of a message: could OWA encrypt to it, which directory entry to pick, and what to do
/// otherwise. One directory look-up for all the addresses not cached.</summary>
public sealed class ReadinessCheck(RecipientCache recipients, TrustedIssuerStore issuers, CertificateVerdicts verdicts,
    AppDbContext db, IStringLocalizer<Messages> text, TimeProvider time, SmimeMetrics metrics)
{
    public async Task<IReadOnlyList<RecipientReadiness>> CheckAsync(IReadOnlyList<RecipientToCheck> asked, CancellationToken ct)
    {
        // One entry per distinct address, as first written; Outlook may list one person in To and Cc.
        var distinct = asked.Select(r => r with { EmailAddress = r.EmailAddress?.Trim() ?? "" })
            .DistinctBy(r => r.EmailAddress!, StringComparer.OrdinalIgnoreCase).ToList();
        var valid = distinct.Select(r => r.EmailAddress!).Where(EmailAddresses.IsValid).ToList();
        var found = valid.Count > 0 ? await recipients.FindAsync(valid, ct) : new Dictionary<string, DirectoryRecipient?>();
        var trusted = valid.Count > 0 ? await issuers.GetAsync(ct) : TrustedIssuerList.Empty;
        var requested = await RequestedAsync(valid, ct);
        var answers = distinct.Select(r => Requested(Judge(r, found, trusted), requested)).ToList();
        foreach (var answer in answers)
            metrics.RecipientChecked(answer.Status);
        return answers;
    }

    /// <summary>Not ready yet, but an admin has been asked: that is what the sender needs to know.</summary>
    private RecipientReadiness Requested(RecipientReadiness readiness, HashSet<string> requested) =>
        readiness.Status != ReadinessStatus.Ready && requested.Contains(readiness.EmailAddress)
            ? readiness with { Status = ReadinessStatus.RequestPending, Hint = text["Hint.RequestPending"] }
            : readiness;

    /// <summary>Addresses with a request on its way to the directory (pending, approved or being provisioned).</summary>
    private async Task<HashSet<string>> RequestedAsync(IReadOnlyList<string> addresses, CancellationToken ct)
    {
        if (addresses.Count == 0)
            return [];
        var normalized = addresses.Select(a => a.ToLowerInvariant()).ToList();
        var open = await db.ContactRequests
            .Where(r => ContactRequestStates.Open.Contains(r.Status) && normalized.Contains(r.NormalizedEmailAddress))
            .Select(r => r.NormalizedEmailAddress).ToListAsync(ct);
        return open.ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    private RecipientReadiness Judge(RecipientToCheck asked, IReadOnlyDictionary<string, DirectoryRecipient?> found, TrustedIssuerList trusted)
    {
        var address = asked.EmailAddress!;
        if (!EmailAddresses.IsValid(address))
            return Result(asked, ReadinessStatus.Problem, null, null, [Notice("InvalidAddress", "Recipient.InvalidAddress")], "Hint.InvalidAddress");
        if (found.GetValueOrDefault(address) is not { } recipient)
            return Result(asked, ReadinessStatus.NotPublished, null, null, [], "Hint.NotPublishedExternal");

        var entry = new GalEntry(recipient.Name, recipient.DisplayName, KindName(recipient.Kind), recipient.PrimarySmtpAddress);
        if (recipient.Kind == RecipientKind.Group)
            return Result(asked, ReadinessStatus.Problem, entry, null, [Notice("DistributionGroup", "Recipient.DistributionGroup")], "Hint.Group");

        if (verdicts.JudgePublished(recipient, trusted) is not (var certificate, var verdict))
            return Result(asked, ReadinessStatus.NotPublished, entry, null, [],
                recipient.Kind == RecipientKind.MailContact ? "Hint.NotPublishedContact" : "Hint.NotPublishedInternal", recipient.DisplayName);

        var findings = verdict.Findings.Select(f => FindingView.From(f, text)).ToList();
        var summary = Summary(certificate);
        if (!verdict.Usable)
            return Result(asked, ReadinessStatus.Problem, entry, summary, findings, HintFor(verdict));
        // OWA encrypts to an external person only through the _SMIME contact picked from the address book.
        var picked = recipient.Kind != RecipientKind.MailContact
            || string.Equals(asked.DisplayName?.Trim(), recipient.DisplayName, StringComparison.OrdinalIgnoreCase);
        return picked
            ? Result(asked, ReadinessStatus.Ready, entry, summary, findings, "Hint.Ready")
            : Result(asked, ReadinessStatus.Ready, entry, summary, findings, "Hint.PickContact", recipient.Name);
    }

    private static string HintFor(Verdict verdict)
    {
        var errors = verdict.Findings.Where(f => f.Severity == Severity.Error).Select(f => f.Code).ToHashSet();
        if (errors.SetEquals([FindingCode.IssuerNotTrusted]))
            return "Hint.IssuerNotTrusted";
        return errors.Overlaps([FindingCode.Expired, FindingCode.NotYetValid]) ? "Hint.CertificateExpired" : "Hint.CertificateUnusable";
    }

    private CertificateSummary Summary(X509Certificate certificate) => new(
        CertificateFacts.Sha1Thumbprint(certificate),
        CertificateFacts.Subject(certificate),
        CertificateFacts.Issuer(certificate),
        new DateTimeOffset(certificate.NotAfter, TimeSpan.Zero),
        (int)Math.Floor((certificate.NotAfter - time.GetUtcNow().UtcDateTime).TotalDays));

    private FindingView Notice(string code, string key) => new(code, "error", text[key]);

    private RecipientReadiness Result(RecipientToCheck asked, string status, GalEntry? entry, CertificateSummary? certificate,
        IReadOnlyList<FindingView> findings, string hintKey, params object[] hintArguments) =>
        new(asked.EmailAddress!, status, asked.DisplayName, entry, certificate, findings, text[hintKey, hintArguments]);

    private static string KindName(RecipientKind kind) => kind switch
    {
        RecipientKind.Mailbox => "mailbox",
        RecipientKind.MailUser => "mailUser",
        RecipientKind.MailContact => "mailContact",
        RecipientKind.Group => "group",
        _ => "other",
    };
}
