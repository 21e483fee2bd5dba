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
using SmimeAddin.Hosting;
using SmimeAddin.Notifications;
using SmimeAddin.Recipients;
using SmimeAddin.Resources;
using SmimeAddin.TrustedIssuers;

namespace SmimeAddin.ContactRequests;

/// <summary>POST /api/contact-requests: a sender asks, in one click, that a recipient's certificate be published.</summary>
internal static class ContactRequestSubmission
{
    public static async Task<Results<Created<ContactRequestView>, ProblemHttpResult>> SubmitAsync(
        HttpRequest http, CurrentUser user, AppDbContext db, IDirectory directory, TrustedIssuerStore issuers, ReadinessCheck readiness,
        NotificationSender notifications, IOptions<CertificatesOptions> options, IStringLocalizer<Messages> text, TimeProvider time,
        CancellationToken ct)
    {
        var upload = await CertificateUpload.ReadAsync(http, options.Value.MaxFileBytes, text, ct);
        if (upload.Problem is { } failed)
            return failed;
        var address = upload.Form!["emailAddress"].ToString().Trim();
        var displayName = upload.Form["displayName"].ToString().Trim();
        if (!EmailAddresses.IsValid(address))
            return Problems.Validation("emailAddress", text, "Problem.InvalidEmailAddress");
        if (displayName.Length == 0)
            return Problems.Validation("displayName", text, "Requests.DisplayNameRequired");
        if (displayName.Length > ContactRequest.MaxDisplayNameLength)
            return Problems.Validation("displayName", text, "Requests.DisplayNameTooLong");

        var read = CertificateReader.Read(upload.Bytes);
        if (read.Refusal is { } refusal)
            return CertificateUpload.Refused(refusal, options.Value.MaxFileBytes, text);
        if (PickCertificate(read.File!, address) is not { } certificate)
            return Problems.Of(StatusCodes.Status422UnprocessableEntity, "NoPersonCertificate", text, "Requests.NoPersonCertificate");

        var now = time.GetUtcNow();
        var authorities = read.File!.Certificates.Select(c => c.Certificate).Where(TrustedIssuerRules.IsCertificateAuthority).ToList();
        var verdict = CertificateJudge.Judge(certificate, address, (await issuers.GetAsync(ct)).Certificates, authorities, now,
            TimeSpan.FromDays(options.Value.ExpiresSoonDays));
        var findings = verdict.Findings.Select(f => FindingView.From(f, text)).ToList();
        // An untrusted issuer is the one problem an admin can fix (approve with trustIssuer); anything else cannot be.
        if (verdict.Findings.Any(f => f.Severity == Severity.Error && f.Code != FindingCode.IssuerNotTrusted))
            return await RefuseAsync(db, http, user, now, address, text, findings, ct);

        if ((await readiness.CheckAsync([new RecipientToCheck(address, null, null)], ct))[0].Status == ReadinessStatus.Ready)
            return await ConflictAsync(db, http, user, now, "AlreadyReady", text, "Requests.AlreadyReady", address, ct);
        var normalized = address.ToLowerInvariant();
        if (await db.ContactRequests.AnyAsync(r => r.NormalizedEmailAddress == normalized && ContactRequestStates.Open.Contains(r.Status), ct))
            return await ConflictAsync(db, http, user, now, "AlreadyRequested", text, "Requests.AlreadyRequested", address, ct);

        var request = new ContactRequest
        {
            Id = Guid.NewGuid(),
            EmailAddress = address,
            NormalizedEmailAddress = normalized,
            DisplayName = displayName,
            ContactName = await ContactNames.ProposeAsync(displayName, address, name => ContactRequestStates.IsNameTakenAsync(db, directory, name, address, ct)),
            RequestedBy = user.Address,
            RequestedByName = user.DisplayName,
            RequestedAt = now,
            Certificate = certificate.GetEncoded(),
            CertificateChain = CertificateChains.CertificatesOnly(Chain(certificate, authorities)),
            Thumbprint = CertificateFacts.Sha1Thumbprint(certificate),
            CertificateNotAfter = new DateTimeOffset(certificate.NotAfter, TimeSpan.Zero),
            Status = ContactRequestStatus.Pending,
        };
        db.ContactRequests.Add(request);
        db.Record(now, user.Address, "RequestSubmitted", AuditLog.Outcomes.Succeeded, request.Id,
            $"{address} as {request.ContactName}, certificate {request.Thumbprint}", Remote(http));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // Another request for the address won the race between the check above and this insert.
            db.ChangeTracker.Clear();
            return await ConflictAsync(db, http, user, now, "AlreadyRequested", text, "Requests.AlreadyRequested", address, ct);
        }
        await notifications.NotifyAsync(NotificationKind.RequestSubmitted, request, ct);
        return TypedResults.Created($"/api/admin/contact-requests/{request.Id}", ContactRequestView.From(request, findings));
    }

    /// <summary>The person's certificate for the address: the signer's when it names the address, else one that names
    /// it, else the signer's or the first (its verdict then says AddressMismatch).</summary>
    private static X509Certificate? PickCertificate(CertificateFile file, string address)
    {
        var people = file.Certificates.Where(c => !TrustedIssuerRules.IsCertificateAuthority(c.Certificate)).ToList();
        bool Names(FileCertificate c)
        {
            var emails = CertificateFacts.EmailAddresses(c.Certificate);
            return emails.SubjectAltName.Concat(emails.Subject).Any(a => string.Equals(a, address, StringComparison.OrdinalIgnoreCase));
        }
        return (people.FirstOrDefault(c => c.SignedTheFile && Names(c)) ?? people.FirstOrDefault(Names)
            ?? people.FirstOrDefault(c => c.SignedTheFile) ?? people.FirstOrDefault())?.Certificate;
    }

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

    private static Task<ProblemHttpResult> RefuseAsync(AppDbContext db, HttpRequest http, CurrentUser user, DateTimeOffset now, string address,
        IStringLocalizer<Messages> text, IReadOnlyList<FindingView> findings, CancellationToken ct)
    {
        var reason = findings.First(f => f.Severity == "error" && f.Code != nameof(FindingCode.IssuerNotTrusted));
        var problem = Problems.Of(StatusCodes.Status422UnprocessableEntity, "CertificateUnusable", text, "Requests.CertificateUnusable", address, reason.Message);
        problem.ProblemDetails.Extensions["findings"] = findings;
        return AuditedAsync(db, http, user, now, problem, string.Join(",", findings.Select(f => f.Code)), ct);
    }

    private static Task<ProblemHttpResult> ConflictAsync(AppDbContext db, HttpRequest http, CurrentUser user, DateTimeOffset now, string code,
        IStringLocalizer<Messages> text, string key, string address, CancellationToken ct) =>
        AuditedAsync(db, http, user, now, Problems.Of(StatusCodes.Status409Conflict, code, text, key, address), $"{code}: {address}", ct);

    /// <summary>Refused requests are part of the record too. Saved on their own: nothing else is pending here.</summary>
    private static async Task<ProblemHttpResult> AuditedAsync(AppDbContext db, HttpRequest http, CurrentUser user, DateTimeOffset now,
        ProblemHttpResult problem, string details, CancellationToken ct)
    {
        db.Record(now, user.Address, "RequestRefused", AuditLog.Outcomes.Refused, details: details, remoteAddress: Remote(http));
        await db.SaveChangesAsync(ct);
        return problem;
    }

    private static string? Remote(HttpRequest http) => http.HttpContext.Connection.RemoteIpAddress?.ToString();
}
