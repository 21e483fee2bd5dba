using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using SmimeAddin.Auth;
using SmimeAddin.Certificates;
using SmimeAddin.Http;
using SmimeAddin.Resources;
using SmimeAddin.Trust;

namespace SmimeAddin.TrustedIssuers;

/// <param name="Issuers">The list as the directory now holds it, in store order.</param>
/// <param name="Added">Thumbprints this call added.</param>
/// <param name="Skipped">Certificates of the file that were left out: end entities, or CAs already trusted.</param>
public sealed record TrustedIssuersResponse(IReadOnlyList<TrustedIssuerView> Issuers, IReadOnlyList<string> Added, IReadOnlyList<string> Skipped);

/// <summary>The organisation's trusted issuing CAs, as Exchange Online's Set-SmimeConfig holds them (admins only).</summary>
public static class TrustedIssuersApi
{
    public const string StoreMediaType = "application/vnd.ms-pki.certstore";

    public static IServiceCollection AddTrustedIssuers(this IServiceCollection services)
    {
        services.AddOptions<TrustedIssuersOptions>().BindConfiguration(TrustedIssuersOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services.AddSingleton<TrustedIssuerStore>();
    }

    public static RouteGroupBuilder MapTrustedIssuers(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/admin").WithTags("Trusted issuers").RequireAuthorization(Roles.Approve)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/trusted-issuers", List).WithSummary("The trusted issuing CAs.");
        group.MapGet("/trusted-issuers.sst", Download).WithSummary("The same list as the .sst Exchange holds.")
            .Produces(StatusCodes.Status200OK, contentType: StoreMediaType);
        group.MapPost("/trusted-issuers", TrustedIssuerChanges.AddAsync).AddEndpointFilter(TrustedIssuerAudit.RecordAsync).DisableAntiforgery()
            .WithUploadLimits(api).Accepts<FileForm>("multipart/form-data")
            .LimitConcurrentParsing()
            .WithSummary("Adds the CA certificates found in any supported file (.cer, .pem, .p7b, .p7s, .eml, .sst).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPut("/trusted-issuers", TrustedIssuerChanges.ReplaceAsync).AddEndpointFilter(TrustedIssuerAudit.RecordAsync).DisableAntiforgery()
            .WithUploadLimits(api).Accepts<FileForm>("multipart/form-data", StoreMediaType)
            .LimitConcurrentParsing()
            .WithSummary("Replaces the list from a file: an .sst exported on Windows is kept byte for byte.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapDelete("/trusted-issuers/expired", TrustedIssuerChanges.RemoveExpiredAsync).AddEndpointFilter(TrustedIssuerAudit.RecordAsync)
            .WithSummary("Removes every CA that has expired (Exchange Online refuses a list that holds one).")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapDelete("/trusted-issuers/{thumbprint}", TrustedIssuerChanges.RemoveAsync).AddEndpointFilter(TrustedIssuerAudit.RecordAsync)
            .WithSummary("Removes one CA by its SHA-1 thumbprint.").ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    private static async Task<Ok<IReadOnlyList<TrustedIssuerView>>> List(TrustedIssuerStore store, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(TrustedIssuerView.ListOf((await store.GetAsync(ct)).Store, time.GetUtcNow()));

    private static async Task<FileContentHttpResult> Download(TrustedIssuerStore store, CancellationToken ct) =>
        TypedResults.File((await store.GetAsync(ct)).Store.Write(), StoreMediaType, "trusted-issuers.sst");
}
