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
                "details whose `code` is one of EmptyFile, FileTooLarge, PrivateKey, EncryptedMessage, CorruptFile, " +
                "UnsupportedFormat, NoCertificate.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
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

        var read = CertificateReader.Read(upload.Bytes);
        if (read.Refusal is { } refusal)
            return CertificateUpload.Refused(refusal, options.Value.MaxFileBytes, text);

        var file = read.File!;
        var all = file.Certificates.Select(c => c.Certificate).ToList();
        var certificates = new List<CertificateView>();
        foreach (var c in file.Certificates)
        {
            var verdict = await verdicts.JudgeAsync(c.Certificate, emailAddress.Length > 0 ? emailAddress : null,
                all.Where(other => other != c.Certificate).ToList(), ct);
            certificates.Add(CertificateView.From(c, verdict, text));
        }
        return TypedResults.Ok(new InspectResponse(file.Format.ToString(), certificates));
    }
}
