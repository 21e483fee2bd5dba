using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using SmimeAddin.Hosting;
using SmimeAddin.Resources;

namespace SmimeAddin.Certificates;

/// <summary>A certificate file posted as multipart field <c>file</c>, read into memory within the size limit,
/// or the problem to answer instead.</summary>
public sealed record CertificateUpload(IFormCollection? Form, byte[] Bytes, ProblemHttpResult? Problem, ValidationProblem? ValidationProblem)
{
    public const string FileField = "file";

    public static async Task<CertificateUpload> ReadAsync(HttpRequest request, int maxFileBytes, IStringLocalizer<Messages> text, CancellationToken ct)
    {
        if (!request.HasFormContentType)
            return Failed(Problems.Of(StatusCodes.Status415UnsupportedMediaType, "UnsupportedMediaType", text, "Problem.UnsupportedMediaType"));

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (InvalidDataException)
        {
            // FormOptions limits (multipart body, section headers) end here: the upload is too big for us.
            return Failed(Refused(ReadRefusal.FileTooLarge, maxFileBytes, text));
        }
        catch (IOException)
        {
            // A multipart body that ends before its closing boundary; also what a dropped upload looks like.
            return Failed(Problems.Of(StatusCodes.Status400BadRequest, "MalformedForm", text, "Problem.MalformedForm"));
        }
        var file = form.Files.GetFile(FileField);
        if (file is null)
            return new(form, [], null, Problems.Validation(FileField, text, "Problem.FileRequired"));
        if (file.Length > maxFileBytes)
            return Failed(Refused(ReadRefusal.FileTooLarge, maxFileBytes, text));

        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
            await stream.ReadExactlyAsync(bytes, ct);
        return new(form, bytes, null, null);
    }

    public static ProblemHttpResult Refused(ReadRefusal refusal, int maxFileBytes, IStringLocalizer<Messages> text)
    {
        var status = refusal switch
        {
            ReadRefusal.EmptyFile => StatusCodes.Status400BadRequest,
            ReadRefusal.FileTooLarge => StatusCodes.Status413PayloadTooLarge,
            ReadRefusal.UnsupportedFormat => StatusCodes.Status415UnsupportedMediaType,
            _ => StatusCodes.Status422UnprocessableEntity,
        };
        return Problems.Of(status, refusal.ToString(), text, "Refusal." + refusal, maxFileBytes);
    }

    private static CertificateUpload Failed(ProblemHttpResult problem) => new(null, [], problem, null);
}
