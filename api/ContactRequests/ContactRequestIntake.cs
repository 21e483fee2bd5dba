using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.X509;
using SmimeAddin.Audit;
using SmimeAddin.Auth;
using SmimeAddin.Certificates;
using SmimeAddin.Data;
using SmimeAddin.Directory;
using SmimeAddin.Http;
using SmimeAddin.Resources;
using SmimeAddin.Trust;

namespace SmimeAddin.ContactRequests;

/// <summary>From a submitted form to a new request, or the reason there is none: the form's fields, the file, the
/// person's certificate in it and the CAs beside it, its verdict now, whether the address is ready or requested
/// already, and the contact name. Refusals a person caused are audited; the form's own mistakes are not.</summary>
internal sealed class ContactRequestIntake(AppDbContext db, IDirectory directory, RecipientCache recipients, TrustedIssuerStore issuers,
    CertificateVerdicts verdicts, IOptions<CertificatesOptions> options, IStringLocalizer<Messages> text, TimeProvider time)
{
    /// <summary>Either <see cref="Request"/> (with the certificate's findings) or <see cref="Refusal"/>.</summary>
    public sealed record Outcome(ContactRequest? Request, IReadOnlyList<FindingView> Findings, ProblemHttpResult? Refusal);

    private sealed record Form(string Address, string DisplayName, CertificateFile File, RequestSource Source);

    public async Task<Outcome> TakeAsync(HttpRequest http, CurrentUser user, CancellationToken ct)
    {
        var upload = await CertificateUpload.ReadAsync(http, options.Value.MaxFileBytes, text, ct);
        if (upload.Problem is { } failed)
            return Refused(failed);
        // The deadline counts from the moment the file is here: a slow connection is not slow work.
        using var work = new BoundedWork(options.Value, ct);
        try
        {
            return await TakeWithinAsync(http, user, upload, work.Token, ct);
        }
        catch (OperationCanceledException) when (work.DeadlinePassed)
        {
            return Refused(work.Problem(http.HttpContext.Response, text));
        }
    }

    /// <param name="bounded">The deadline's token: reading and judging the file. <paramref name="ct"/>, the request's, for the rest.</param>
    private async Task<Outcome> TakeWithinAsync(HttpRequest http, CurrentUser user, CertificateUpload upload, CancellationToken bounded,
        CancellationToken ct)
    {
        var form = ReadForm(upload, bounded);
        if (form.Refusal is { } invalid)
            return Refused(invalid);
        var (address, displayName, file, source) = form.Form!;
        if (PickCertificate(file, address) is not { } certificate)
            return Refused(Problems.Of(StatusCodes.Status422UnprocessableEntity, "NoPersonCertificate", text, "Requests.NoPersonCertificate"));

        var authorities = file.Certificates.Select(c => c.Certificate).Where(CertificateAuthorities.IsCertificateAuthority).ToList();
        var verdict = await verdicts.JudgeAsync(certificate, address, authorities, bounded);
        var findings = verdict.Findings.Select(f => FindingView.From(f, text)).ToList();
        // An untrusted issuer is the one problem an admin can fix (approve trusting its CA); anything else cannot be.
        if (verdict.Findings.Any(f => f.Severity == Severity.Error && f.Code != FindingCode.IssuerNotTrusted))
            return Refused(await UnusableAsync(http, user, address, findings, ct));
        if (await IsReadyAsync(address, certificate, ct))
            return Refused(await ConflictAsync(http, user, "AlreadyReady", "Requests.AlreadyReady", address, ct));
        if (await IsRequestedAsync(address, ct))
            return Refused(await ConflictAsync(http, user, "AlreadyRequested", "Requests.AlreadyRequested", address, ct));

        var contactName = await ContactNames.ProposeAsync(displayName, address,
            name => ContactRequestStates.IsNameTakenAsync(db, directory, name, address, ct));
        var request = NewRequest(address, displayName, contactName, user, certificate, authorities);
        (request.SourceMessageId, request.SourceSubject, request.SourceReceivedAt) = (source.MessageId, source.Subject, source.ReceivedAt);
        return new(request, findings, null);
    }

    /// <summary>409 AlreadyRequested or AlreadyReady, recorded as a refused request.</summary>
    public Task<ProblemHttpResult> ConflictAsync(HttpRequest http, CurrentUser user, string code, string key, string address, CancellationToken ct) =>
        AuditedAsync(http, user, Problems.Of(StatusCodes.Status409Conflict, code, text, key, address), $"{code}: {address}", ct);

    private static Outcome Refused(ProblemHttpResult problem) => new(null, [], problem);

    private (Form? Form, ProblemHttpResult? Refusal) ReadForm(CertificateUpload upload, CancellationToken ct)
    {
        var maxFileBytes = options.Value.MaxFileBytes;
        var address = upload.Form!["emailAddress"].ToString().Trim();
        var displayName = upload.Form["displayName"].ToString().Trim();
        if (!EmailAddresses.IsValid(address))
            return (null, Problems.Validation("emailAddress", text, "Problem.InvalidEmailAddress"));
        if (displayName.Length == 0)
            return (null, Problems.Validation("displayName", text, "Requests.DisplayNameRequired"));
        if (displayName.Length > ContactRequest.MaxDisplayNameLength)
            return (null, Problems.Validation("displayName", text, "Requests.DisplayNameTooLong"));
        var (source, badSource) = RequestSource.Read(upload.Form, time.GetUtcNow(), text);
        if (badSource is not null)
            return (null, badSource);
        var maxCertificates = options.Value.MaxCertificatesPerRequest;
        var read = CertificateReader.Read(upload.Bytes, new ReadLimits(maxCertificates, ct));
        return read.Refusal is { } refusal
            ? (null, CertificateUpload.Refused(refusal, maxFileBytes, maxCertificates, text))
            : (new Form(address, displayName, read.File!, source!), null);
    }

    /// <summary>The person's certificate for the address: the signer's when it names the address, else one that names
    /// it, else the signer's or the first (its verdict then says AddressMismatch).</summary>
    private static X509Certificate? PickCertificate(CertificateFile file, string address)
    {
        var people = file.Certificates.Where(c => !CertificateAuthorities.IsCertificateAuthority(c.Certificate)).ToList();
        bool Names(FileCertificate c)
        {
            var emails = CertificateFacts.EmailAddresses(c.Certificate);
            return emails.SubjectAltName.Concat(emails.Subject).Any(a => string.Equals(a, address, StringComparison.OrdinalIgnoreCase));
        }
        return (people.FirstOrDefault(c => c.SignedTheFile && Names(c)) ?? people.FirstOrDefault(Names)
            ?? people.FirstOrDefault(c => c.SignedTheFile) ?? people.FirstOrDefault())?.Certificate;
    }

    /// <summary>OWA could encrypt to the address already (the directory holds a usable certificate for it), and the file
    /// brings nothing newer: a mail contact's certificate that ends later than every one it holds is a renewal, welcome
    /// before the old one expires.</summary>
    private async Task<bool> IsReadyAsync(string address, X509Certificate certificate, CancellationToken ct) =>
        (await recipients.FindAsync([address], ct)).GetValueOrDefault(address) is { Kind: not RecipientKind.Group } recipient
        && verdicts.JudgePublished(recipient, await issuers.GetAsync(ct)) is { Verdict.Usable: true }
        && !(recipient.Kind == RecipientKind.MailContact && Renewals.EndsLater(certificate, PublishedCertificates.Of(recipient).EndEntities));

    private Task<bool> IsRequestedAsync(string address, CancellationToken ct)
    {
        var normalized = address.ToLowerInvariant();
        return db.ContactRequests.AnyAsync(r => r.NormalizedEmailAddress == normalized && ContactRequestStates.Open.Contains(r.Status), ct);
    }

    private ContactRequest NewRequest(string address, string displayName, string contactName, CurrentUser user, X509Certificate certificate,
        IReadOnlyList<X509Certificate> authorities) => new()
    {
        Id = Guid.NewGuid(),
        EmailAddress = address,
        NormalizedEmailAddress = address.ToLowerInvariant(),
        DisplayName = displayName,
        ContactName = contactName,
        RequestedBy = user.Address,
        RequestedByName = user.DisplayName,
        RequestedAt = time.GetUtcNow(),
        Certificate = certificate.GetEncoded(),
        CertificateChain = CertificateChains.CertificatesOnly(Chain(certificate, authorities)),
        Authorities = authorities.Count > 0 ? CertificateChains.CertificatesOnly(authorities) : [],
        Thumbprint = CertificateFacts.Sha1Thumbprint(certificate),
        CertificateNotAfter = new DateTimeOffset(certificate.NotAfter, TimeSpan.Zero),
        Status = ContactRequestStatus.Pending,
    };

    /// <summary>The certificate and the issuers above it that came in the file, for UserSMimeCertificate.</summary>
    private static List<X509Certificate> Chain(X509Certificate certificate, IReadOnlyList<X509Certificate> authorities)
    {
        var chain = new List<X509Certificate> { certificate };
        for (var current = certificate; !current.SubjectDN.Equivalent(current.IssuerDN, true);)
        {
            if (authorities.FirstOrDefault(a => a.SubjectDN.Equivalent(current.IssuerDN, true) && !chain.Contains(a)) is not { } issuer)
                break;
            chain.Add(issuer);
            current = issuer;
        }
        return chain;
    }

    private Task<ProblemHttpResult> UnusableAsync(HttpRequest http, CurrentUser user, string address, IReadOnlyList<FindingView> findings,
        CancellationToken ct)
    {
        var reason = findings.First(f => f.Severity == "error" && f.Code != nameof(FindingCode.IssuerNotTrusted));
        var problem = Problems.Of(StatusCodes.Status422UnprocessableEntity, "CertificateUnusable", text, "Requests.CertificateUnusable", address, reason.Message);
        problem.ProblemDetails.Extensions["findings"] = findings;
        return AuditedAsync(http, user, problem, string.Join(",", findings.Select(f => f.Code)), ct);
    }

    /// <summary>Refused requests are part of the record too. Saved on their own: nothing else is pending here.</summary>
    private async Task<ProblemHttpResult> AuditedAsync(HttpRequest http, CurrentUser user, ProblemHttpResult problem, string details, CancellationToken ct)
    {
        db.Record(time.GetUtcNow(), user.Address, "RequestRefused", AuditLog.Outcomes.Refused, details: details,
            remoteAddress: http.HttpContext.Connection.RemoteIpAddress?.ToString());
        await db.SaveChangesAsync(ct);
        return problem;
    }
}
