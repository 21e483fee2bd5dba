using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using SmimeAddin.Certificates;
using SmimeAddin.Http;
using SmimeAddin.Resources;
using SmimeAddin.Trust;

namespace SmimeAddin.Inspection;

/// <summary>POST /api/certificates/inspect: what is in a certificate file, and could OWA encrypt to an address with it.</summary>
public static class InspectionApi
{
    public static RouteGroupBuilder MapInspection(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/certificates").WithTags("Certificates");
        group.MapPost("/inspect", InspectAsync)
            .DisableAntiforgery() // bearer tokens, no cookies: there is no cross-site form to forge
            .WithUploadLimits(api)
            .RequireRateLimiting(RateLimits.Inspect)
            .LimitConcurrentParsing()
            .Accepts<InspectForm>("multipart/form-data")
            .WithSummary("Reads the certificates in an uploaded file and judges each for an e-mail address.")
            .WithDescription("Takes .cer/.der/.crt, PEM, .p7b/.p7c, .p7s, a signed .eml or an .sst. Refusals are problem " +
                "details whose `code` is one of EmptyFile, FileTooLarge, FormTooLarge, PrivateKey, EncryptedMessage, CorruptFile, " +
                "UnsupportedFormat, NoCertificate, TooManyCertificates (over 1,000 certificates); DeadlineExceeded (503, Retry-After) " +
                "when reading and judging outlast Certificates:DeadlineSeconds.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    /// <summary>The multipart form of <c>inspect</c>, for the OpenAPI document.</summary>
    /// <param name="File">The certificate file.</param>
    /// <param name="EmailAddress">The recipient address to judge each certificate for.</param>
    public sealed record InspectForm(IFormFile File, string? EmailAddress);

    private static async Task<Results<Ok<InspectResponse>, ProblemHttpResult>> InspectAsync(
        HttpRequest request, CertificateVerdicts verdicts, IOptions<CertificatesOptions> options, IStringLocalizer<Messages> text, CancellationToken ct)
    {
        var upload = await CertificateUpload.ReadAsync(request, options.Value.MaxFileBytes, text, ct);
        if (upload.Problem is not null)
            return upload.Problem;

        var emailAddress = upload.Form!["emailAddress"].ToString().Trim();
        if (emailAddress.Length > 0 && !EmailAddresses.IsValid(emailAddress))
            return Problems.Validation("emailAddress", text, "Problem.InvalidEmailAddress");

        using var work = new BoundedWork(options.Value, ct);
        try
        {
            return await InspectFileAsync(upload.Bytes, emailAddress.Length > 0 ? emailAddress : null, verdicts, options.Value, text, work.Token);
        }
        catch (OperationCanceledException) when (work.DeadlinePassed)
        {
            return work.Problem(request.HttpContext.Response, text);
        }
    }

    private static async Task<Results<Ok<InspectResponse>, ProblemHttpResult>> InspectFileAsync(byte[] bytes, string? emailAddress,
        CertificateVerdicts verdicts, CertificatesOptions options, IStringLocalizer<Messages> text, CancellationToken ct)
    {
        var read = CertificateReader.Read(bytes, new ReadLimits(options.MaxCertificatesPerFile, ct));
        if (read.Refusal is { } refusal)
            return CertificateUpload.Refused(refusal, options.MaxFileBytes, options.MaxCertificatesPerFile, text);

        var file = read.File!;
        var all = file.Certificates.Select(c => c.Certificate).ToList();
        var certificates = new List<CertificateView>();
        foreach (var c in file.Certificates)
        {
            // Every other certificate of the file may complete a chain. The one judged is passed too, in one list for the
            // whole file (path building indexes it once): it heads its own path, so it is never its own issuer.
            var verdict = await verdicts.JudgeAsync(c.Certificate, emailAddress, all, ct);
            certificates.Add(CertificateView.From(c, verdict, text));
        }
        return TypedResults.Ok(new InspectResponse(file.Format.ToString(), certificates));
    }
}
