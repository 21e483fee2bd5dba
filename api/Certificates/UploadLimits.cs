using Microsoft.Extensions.Options;
using SmimeAddin.Http;

namespace SmimeAddin.Certificates;

/// <summary>The body limits of a route taking a certificate file: the file at <see cref="CertificatesOptions.MaxFileBytes"/>
/// and room for the multipart framing and the other fields.</summary>
public static class UploadLimits
{
    private const int MultipartOverhead = 64 * 1024;

    public static RouteHandlerBuilder WithUploadLimits(this RouteHandlerBuilder endpoint, IEndpointRouteBuilder routes)
    {
        var maxBodyBytes = routes.ServiceProvider.GetRequiredService<IOptions<CertificatesOptions>>().Value.MaxFileBytes + MultipartOverhead;
        // The form reader stops early too, instead of buffering an oversized upload to disk.
        return endpoint.WithFormOptions(multipartBodyLengthLimit: maxBodyBytes).WithBodyLimit(maxBodyBytes);
    }
}
