using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SmimeAddin.Auth;
using SmimeAddin.ContactRequests.Provisioning;
using SmimeAddin.Certificates;
using SmimeAddin.Data;
using SmimeAddin.Directory;
using SmimeAddin.Http;
using SmimeAddin.Resources;
using SmimeAddin.Trust;

namespace SmimeAddin.ContactRequests;

/// <summary>Requests that an external recipient's certificate be published as a _SMIME contact, and their decision.</summary>
public static class ContactRequestsApi
{
    /// <summary>Intake, decisions, provisioning and the notifications each transition sends.</summary>
    public static IServiceCollection AddContactRequests(this IServiceCollection services)
    {
        services.AddScoped<ContactRequestIntake>();
        services.AddSingleton<NotificationComposer>();
        services.AddSingleton<NotificationSender>();
        return services.AddProvisioning();
    }

    public static IEndpointRouteBuilder MapContactRequests(this IEndpointRouteBuilder api)
    {
        var mine = api.MapGroup("/contact-requests").WithTags("Contact requests");
        mine.MapPost("", ContactRequestSubmission.SubmitAsync).RequireAuthorization(Roles.Request).DisableAntiforgery()
            .WithUploadLimits(api).RequireRateLimiting(RateLimits.Request)
            .LimitConcurrentParsing()
            .Accepts<SubmitForm>("multipart/form-data")
            .WithSummary("Asks that the recipient's certificate, from any supported file, be published as a _SMIME contact.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        mine.MapGet("/mine", ListMineAsync).WithSummary("The caller's requests and their states, newest first.").ProducesValidationProblem();
        MapAdmin(api);
        return api;
    }

    private static void MapAdmin(IEndpointRouteBuilder api)
    {
        var admin = api.MapGroup("/admin/contact-requests").WithTags("Contact requests (admin)").RequireAuthorization(Roles.Approve)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        admin.MapGet("", ListAsync).WithSummary("Requests, newest first, optionally of one status.").ProducesValidationProblem();
        admin.MapGet("/{id:guid}", GetAsync).WithSummary("One request, its certificate judged again now.").ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/{id:guid}/approve", ContactRequestDecisions.ApproveAsync)
            .WithSummary("Approves: the contact is then created and its certificate published.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPost("/{id:guid}/reject", ContactRequestDecisions.RejectAsync).WithSummary("Rejects, with a reason the requester reads.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPost("/{id:guid}/retry", ProvisioningRetry.RetryAsync)
            .WithSummary("Provisions a failed request again: back to Approved with its attempts reset.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary>The multipart form of a request, for the OpenAPI document.</summary>
    /// <param name="EmailAddress">The recipient's address.</param>
    /// <param name="DisplayName">The recipient's name, from which the contact name is proposed.</param>
    /// <param name="File">The recipient's certificate: .cer, .pem, .p7b, .p7s, or a signed .eml they sent.</param>
    /// <param name="SourceMessageId">Optional, when the file is a message the requester received: its Message-ID (at most 998 characters).</param>
    /// <param name="SourceSubject">Optional: that message's subject (at most 1,000 characters, no control characters).</param>
    /// <param name="SourceReceivedAt">Optional: when it was received, ISO 8601 (a past date).</param>
    public sealed record SubmitForm(string EmailAddress, string DisplayName, IFormFile File, string? SourceMessageId = null,
        string? SourceSubject = null, string? SourceReceivedAt = null);

    public sealed record RequestPage(IReadOnlyList<ContactRequestView> Requests, int Page, int PageSize, int Total);

    private static async Task<Results<Ok<RequestPage>, ProblemHttpResult>> ListMineAsync(CurrentUser user, AppDbContext db,
        IStringLocalizer<Messages> text, CancellationToken ct, int page = 1, int pageSize = Paging.DefaultPageSize)
    {
        var paging = new Paging(page, pageSize);
        if (Paging.Refusal(paging, text) is { } refused)
            return refused;
        return TypedResults.Ok(await PageAsync(db.ContactRequests.Where(r => r.RequestedBy == user.Address), paging, ct));
    }

    private static async Task<Results<Ok<RequestPage>, ProblemHttpResult>> ListAsync(AppDbContext db, string? status,
        IStringLocalizer<Messages> text, CancellationToken ct, int page = 1, int pageSize = Paging.DefaultPageSize)
    {
        var paging = new Paging(page, pageSize);
        if (Paging.Refusal(paging, text) is { } refused)
            return refused;
        var query = db.ContactRequests.AsQueryable();
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<ContactRequestStatus>(status, ignoreCase: true, out var wanted) || int.TryParse(status, out _))
                return Problems.Validation("status", text, "Requests.InvalidStatus");
            query = query.Where(r => r.Status == wanted);
        }
        return TypedResults.Ok(await PageAsync(query, paging, ct));
    }

    /// <summary>The services the admin view of one request reads: the request, the trust list, the directory.</summary>
    public sealed record Reviewer(AppDbContext Db, CertificateVerdicts Verdicts, TrustedIssuerStore Issuers, IDirectory Directory,
        IStringLocalizer<Messages> Text);

    /// <summary>Everything an approver decides on: the certificate judged now, every CA the file brought with its
    /// warnings, and the directory entry the approval would publish on with the certificates it would replace.</summary>
    private static async Task<Results<Ok<ContactRequestView>, ProblemHttpResult>> GetAsync(Guid id, [AsParameters] Reviewer reviewer,
        CancellationToken ct)
    {
        var (db, verdicts, issuers, directory, text) = reviewer;
        if (await db.ContactRequests.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct) is not { } request)
            return Problems.Of(StatusCodes.Status404NotFound, "UnknownRequest", text, "Requests.UnknownRequest");
        var certificate = DerFile.CertificateOrNull(request.Certificate)!;
        var chain = CertificateReader.Read(request.CertificateChain).File?.Certificates.Select(c => c.Certificate).ToList() ?? [];
        var verdict = await verdicts.JudgeAsync(certificate, request.EmailAddress, chain.Where(c => !c.Equals(certificate)).ToList(), ct);
        var trusted = await issuers.GetAsync(ct);
        var holder = await AddressHolder.FindAsync(directory, request, ct);
        return TypedResults.Ok(ContactRequestView.From(request, verdict.Findings.Select(f => FindingView.From(f, text)).ToList()) with
        {
            Authorities = RequestAuthorities.Of(request).Select(a => AuthorityView.From(a, trusted, text)).ToList(),
            DirectoryEntry = holder is null ? null : DirectoryEntryView.From(holder.Entry),
            WouldReplace = holder?.WouldReplace.Select(ReplacedCertificate.From).ToList() ?? [],
            Renewal = holder is not null && await Renewals.IsRenewalAsync(db, request, holder, ct),
        });
    }

    private static async Task<RequestPage> PageAsync(IQueryable<ContactRequest> query, Paging paging, CancellationToken ct)
    {
        var total = await query.CountAsync(ct);
        var requests = await query.AsNoTracking().OrderByDescending(r => r.RequestedAt)
            .Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        return new(requests.Select(r => ContactRequestView.From(r, [])).ToList(), paging.Page, paging.PageSize, total);
    }
}
