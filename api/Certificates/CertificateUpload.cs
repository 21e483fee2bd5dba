using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using SmimeAddin.Http;
using SmimeAddin.Resources;

namespace SmimeAddin.Certificates;

/// <summary>The multipart form of an upload, for the OpenAPI document.</summary>
/// <param name="File">The certificate file.</param>
public sealed record FileForm(IFormFile File);

/// <summary>A certificate file posted as multipart field <c>file</c>, read into memory within the size limit,
/// or the problem to answer instead.</summary>
public sealed record CertificateUpload(IFormCollection? Form, byte[] Bytes, ProblemHttpResult? Problem)
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
        catch (InvalidDataException e) when (e.Message.StartsWith("Multipart body length limit", StringComparison.Ordinal))
        {
            // The multipart body limit (file plus framing) ends here: the file is too big for us.
            return Failed(Refused(ReadRefusal.FileTooLarge, maxFileBytes, text));
        }
        catch (InvalidDataException)
        {
            // The other FormOptions limits: too many fields (ValueCountLimit, 1,024), a too long field name or value, too
            // many or too long section headers. Not the file: a form we do not take, whatever its size.
            return Failed(Problems.Of(StatusCodes.Status413PayloadTooLarge, "FormTooLarge", text, "Problem.FormTooLarge"));
        }
        catch (IOException e) when (e is not BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            // A multipart body that ends before its closing boundary; also what a dropped upload looks like.
            return Failed(Problems.Of(StatusCodes.Status400BadRequest, "MalformedForm", text, "Problem.MalformedForm"));
        }
        var file = form.Files.GetFile(FileField);
        if (file is null)
            return Failed(Problems.Validation(FileField, text, "Problem.FileRequired"));
        if (file.Length > maxFileBytes)
            return Failed(Refused(ReadRefusal.FileTooLarge, maxFileBytes, text));

        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
            await stream.ReadExactlyAsync(bytes, ct);
        return new(form, bytes, null);
    }

    /// <summary>A raw request body of the given media type (an .sst PUT as application/vnd.ms-pki.certstore), or,
    /// for any other body, the multipart upload.</summary>
    public static async Task<CertificateUpload> ReadRawOrFormAsync(HttpRequest request, string mediaType, int maxFileBytes,
        IStringLocalizer<Messages> text, CancellationToken ct)
    {
        if (request.HasFormContentType)
            return await ReadAsync(request, maxFileBytes, text, ct);
        if (!string.Equals(request.ContentType?.Split(';')[0].Trim(), mediaType, StringComparison.OrdinalIgnoreCase))
            return Failed(Problems.Of(StatusCodes.Status415UnsupportedMediaType, "UnsupportedMediaType", text, "Problem.UnsupportedMediaTypeOrStore"));
        if (request.ContentLength > maxFileBytes)
            return Failed(Refused(ReadRefusal.FileTooLarge, maxFileBytes, text));
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxFileBytes)
                return Failed(Refused(ReadRefusal.FileTooLarge, maxFileBytes, text));
            buffer.Write(chunk, 0, read);
        }
        return new(null, buffer.ToArray(), null);
    }

    public static ProblemHttpResult Refused(ReadRefusal refusal, int maxFileBytes, IStringLocalizer<Messages> text) =>
        Refused(refusal, maxFileBytes, 0, text);

    /// <param name="maxCertificates">The cap the file was read with, named by <c>TooManyCertificates</c>.</param>
    public static ProblemHttpResult Refused(ReadRefusal refusal, int maxFileBytes, int maxCertificates, IStringLocalizer<Messages> text)
    {
        var status = refusal switch
        {
            ReadRefusal.EmptyFile => StatusCodes.Status400BadRequest,
            ReadRefusal.FileTooLarge => StatusCodes.Status413PayloadTooLarge,
            ReadRefusal.UnsupportedFormat => StatusCodes.Status415UnsupportedMediaType,
            _ => StatusCodes.Status422UnprocessableEntity,
        };
        return Problems.Of(status, refusal.ToString(), text, "Refusal." + refusal,
            refusal == ReadRefusal.TooManyCertificates ? maxCertificates : maxFileBytes);
    }

    private static CertificateUpload Failed(ProblemHttpResult problem) => new(null, [], problem);
}
