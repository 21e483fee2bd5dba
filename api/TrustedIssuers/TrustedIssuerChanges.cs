using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.X509;
using SmimeAddin.Certificates;
using SmimeAddin.Http;
using SmimeAddin.Resources;
using SmimeAddin.Trust;

namespace SmimeAddin.TrustedIssuers;

/// <summary>The handlers that change the list. Each checks what Exchange Online would refuse before anything is
/// sent: an expired CA anywhere in the store fails Set-SmimeConfig, so such a list is never written.</summary>
internal static class TrustedIssuerChanges
{
    public static async Task<Results<Ok<TrustedIssuersResponse>, ProblemHttpResult>> AddAsync(
        HttpRequest request, TrustedIssuerStore store, IOptions<CertificatesOptions> options, IStringLocalizer<Messages> text,
        TimeProvider time, CancellationToken ct)
    {
        var upload = await CertificateUpload.ReadAsync(request, options.Value.MaxFileBytes, text, ct);
        if (upload.Problem is { } failed)
            return failed;
        using var work = new BoundedWork(options.Value, ct);
        List<X509Certificate> certificates, authorities;
        try
        {
            var read = CertificateReader.Read(upload.Bytes, new ReadLimits(options.Value.MaxCertificatesPerFile, work.Token));
            if (read.Refusal is { } refusal)
                return CertificateUpload.Refused(refusal, options.Value.MaxFileBytes, options.Value.MaxCertificatesPerFile, text);
            certificates = read.File!.Certificates.Select(c => c.Certificate).ToList();
            if (TooLargeKeys(certificates) is { Count: > 0 } tooLarge)
                return KeyTooLargeProblem(tooLarge, text);
            authorities = certificates.Where(c => { work.Token.ThrowIfCancellationRequested(); return CertificateAuthorities.IsCertificateAuthority(c); })
                .DistinctBy(CertificateFacts.Sha1Thumbprint).ToList();
        }
        catch (OperationCanceledException) when (work.DeadlinePassed)
        {
            return work.Problem(request.HttpContext.Response, text);
        }
        if (authorities.Count == 0)
            return NotCertificateAuthorities(certificates, text);
        var now = time.GetUtcNow();
        if (Expired(authorities, now) is { Count: > 0 } expired)
            return ExpiredProblem(expired, text);

        return await store.UpdateAsync<Results<Ok<TrustedIssuersResponse>, ProblemHttpResult>>(current =>
        {
            var trusted = current.Certificates.Select(CertificateFacts.Sha1Thumbprint).ToHashSet();
            var added = authorities.Where(a => !trusted.Contains(CertificateFacts.Sha1Thumbprint(a))).ToList();
            var skipped = certificates.Except(added).Select(CertificateFacts.Sha1Thumbprint).Distinct().ToList();
            if (added.Count == 0)
                return (null, Respond(current.Store, [], skipped, now));
            if (Expired(current.Certificates, now) is { Count: > 0 } stale)
                return (null, ExpiredProblem(stale, text));
            var updated = new SerializedStore(current.Store.Entries.Concat(
                SerializedStore.FromCertificates(added.Select(a => a.GetEncoded())).Entries));
            return (updated, Respond(updated, added.Select(CertificateFacts.Sha1Thumbprint).ToList(), skipped, now));
        }, tooLarge => TooLargeProblem(tooLarge, text), TrustedIssuerAudit.Recording(request.HttpContext), ct);
    }

    public static async Task<Results<Ok<TrustedIssuersResponse>, ProblemHttpResult>> ReplaceAsync(
        HttpRequest request, TrustedIssuerStore store, IOptions<CertificatesOptions> options, IStringLocalizer<Messages> text,
        TimeProvider time, CancellationToken ct)
    {
        var upload = await CertificateUpload.ReadRawOrFormAsync(request, TrustedIssuersApi.StoreMediaType, options.Value.MaxFileBytes, text, ct);
        if (upload.Problem is { } failed)
            return failed;
        using var work = new BoundedWork(options.Value, ct);
        List<X509Certificate> certificates, endEntities;
        SerializedStore replacement;
        try
        {
            var (read, refusal) = ReadReplacement(upload.Bytes, new ReadLimits(options.Value.MaxCertificatesPerFile, work.Token));
            if (refusal is { } reason)
                return CertificateUpload.Refused(reason, options.Value.MaxFileBytes, options.Value.MaxCertificatesPerFile, text);
            replacement = read!;
            certificates = replacement.CertificateDers.Select(DerFile.CertificateOrNull).OfType<X509Certificate>().ToList();
            if (TooLargeKeys(certificates) is { Count: > 0 } tooLarge)
                return KeyTooLargeProblem(tooLarge, text);
            endEntities = certificates.Where(c => { work.Token.ThrowIfCancellationRequested(); return !CertificateAuthorities.IsCertificateAuthority(c); })
                .ToList();
        }
        catch (OperationCanceledException) when (work.DeadlinePassed)
        {
            return work.Problem(request.HttpContext.Response, text);
        }
        if (endEntities.Count > 0)
            return NotCertificateAuthorities(endEntities, text);
        var now = time.GetUtcNow();
        if (Expired(certificates, now) is { Count: > 0 } expired)
            return ExpiredProblem(expired, text);
        return await store.UpdateAsync<Results<Ok<TrustedIssuersResponse>, ProblemHttpResult>>(_ =>
            (replacement, Respond(replacement, certificates.Select(CertificateFacts.Sha1Thumbprint).ToList(), [], now)),
            tooLarge => TooLargeProblem(tooLarge, text), TrustedIssuerAudit.Recording(request.HttpContext), ct);
    }

    public static async Task<Results<Ok<TrustedIssuersResponse>, ProblemHttpResult>> RemoveAsync(
        string thumbprint, HttpContext http, TrustedIssuerStore store, IStringLocalizer<Messages> text, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return await store.UpdateAsync<Results<Ok<TrustedIssuersResponse>, ProblemHttpResult>>(current =>
        {
            var remaining = current.Store.Entries.Where(e => !IsCertificate(e, thumbprint)).ToList();
            if (remaining.Count == current.Store.Entries.Count)
                return (null, Problems.Of(StatusCodes.Status404NotFound, "UnknownIssuer", text, "TrustedIssuers.UnknownIssuer", thumbprint));
            var updated = new SerializedStore(remaining);
            if (Expired(TrustedIssuerList.From(updated).Certificates, now) is { Count: > 0 } stale)
                return (null, ExpiredProblem(stale, text));
            return (updated, Respond(updated, [], [thumbprint.ToUpperInvariant()], now));
        }, tooLarge => TooLargeProblem(tooLarge, text), TrustedIssuerAudit.Recording(http), ct);
    }

    public static async Task<Results<Ok<TrustedIssuersResponse>, ProblemHttpResult>> RemoveExpiredAsync(
        HttpContext http, TrustedIssuerStore store, IStringLocalizer<Messages> text, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return await store.UpdateAsync<Results<Ok<TrustedIssuersResponse>, ProblemHttpResult>>(current =>
        {
            var expired = Expired(current.Certificates, now).Select(CertificateFacts.Sha1Thumbprint).ToHashSet();
            if (expired.Count == 0)
                return (null, Respond(current.Store, [], [], now));
            var updated = new SerializedStore(current.Store.Entries.Where(e => !expired.Any(t => IsCertificate(e, t))));
            return (updated, Respond(updated, [], expired.ToList(), now));
        }, tooLarge => TooLargeProblem(tooLarge, text), TrustedIssuerAudit.Recording(http), ct);
    }

    /// <summary>A list Exchange Online would refuse for its size (over 70,000 bytes): a 422 before any write.</summary>
    private static ProblemHttpResult TooLargeProblem(StoreTooLarge tooLarge, IStringLocalizer<Messages> text)
    {
        var problem = Problems.Of(StatusCodes.Status422UnprocessableEntity, "StoreTooLarge", text, "TrustedIssuers.StoreTooLarge",
            tooLarge.Size, tooLarge.Limit);
        problem.ProblemDetails.Extensions["size"] = tooLarge.Size;
        problem.ProblemDetails.Extensions["limit"] = tooLarge.Limit;
        return problem;
    }

    /// <summary>An .sst is kept as it is (properties and all, so GET gives back the same bytes); any other file
    /// becomes a store written as Windows writes one.</summary>
    private static (SerializedStore? Store, ReadRefusal? Refusal) ReadReplacement(byte[] bytes, ReadLimits limits)
    {
        if (SerializedStore.HasHeader(bytes))
        {
            var store = SerializedStore.Read(bytes).Store;
            if (store is not null && store.Entries.Count(e => e.IsCertificate) > limits.MaxCertificates)
                return (null, ReadRefusal.TooManyCertificates);
            return store is not null && store.CertificateDers.All(der => DerFile.CertificateOrNull(der) is not null)
                ? (store, null)
                : (null, ReadRefusal.CorruptFile);
        }
        var read = CertificateReader.Read(bytes, limits);
        return read.Refusal is { } refusal
            ? (null, refusal)
            : (SerializedStore.FromCertificates(read.File!.Certificates.Select(c => c.Certificate.GetEncoded())), null);
    }

    private static bool IsCertificate(SstEntry entry, string thumbprint) =>
        entry.IsCertificate && string.Equals(Convert.ToHexString(System.Security.Cryptography.SHA1.HashData(entry.Body.Value)),
            thumbprint, StringComparison.OrdinalIgnoreCase);

    private static List<X509Certificate> Expired(IEnumerable<X509Certificate> certificates, DateTimeOffset now) =>
        certificates.Where(c => TrustedIssuerRules.IsExpired(c, now)).ToList();

    private static Ok<TrustedIssuersResponse> Respond(SerializedStore store, IReadOnlyList<string> added, IReadOnlyList<string> skipped, DateTimeOffset now) =>
        TypedResults.Ok(new TrustedIssuersResponse(TrustedIssuerView.ListOf(store, now), added, skipped));

    private static ProblemHttpResult ExpiredProblem(IReadOnlyList<X509Certificate> expired, IStringLocalizer<Messages> text) =>
        Listing(Problems.Of(StatusCodes.Status422UnprocessableEntity, "ExpiredIssuer", text, "TrustedIssuers.Expired", Describe(expired)), expired);

    /// <summary>A trusted issuer whose key we refuse to compute with could never verify anything: refused up front.</summary>
    private static List<X509Certificate> TooLargeKeys(IEnumerable<X509Certificate> certificates) =>
        certificates.Where(CertificateFacts.IsKeyTooLarge).ToList();

    private static ProblemHttpResult KeyTooLargeProblem(IReadOnlyList<X509Certificate> certificates, IStringLocalizer<Messages> text) =>
        Listing(Problems.Of(StatusCodes.Status422UnprocessableEntity, "KeyTooLarge", text, "TrustedIssuers.KeyTooLarge",
            CertificateFacts.MaxRsaKeyBits, Describe(certificates)), certificates);

    private static ProblemHttpResult NotCertificateAuthorities(IReadOnlyList<X509Certificate> certificates, IStringLocalizer<Messages> text) =>
        Listing(Problems.Of(StatusCodes.Status422UnprocessableEntity, "NotACertificateAuthority", text,
            "TrustedIssuers.NotACertificateAuthority", Describe(certificates)), certificates);

    private static ProblemHttpResult Listing(ProblemHttpResult problem, IReadOnlyList<X509Certificate> certificates)
    {
        problem.ProblemDetails.Extensions["certificates"] = certificates.Select(c => new
        {
            thumbprint = CertificateFacts.Sha1Thumbprint(c),
            subject = CertificateFacts.Subject(c),
            notAfter = new DateTimeOffset(c.NotAfter, TimeSpan.Zero),
        }).ToList();
        return problem;
    }

    private static string Describe(IEnumerable<X509Certificate> certificates) =>
        string.Join("; ", certificates.Select(c => $"{CertificateFacts.Subject(c)} ({CertificateFacts.Sha1Thumbprint(c)}, {c.NotAfter:yyyy-MM-dd})"));
}
