using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.X509;
using SmimeAddin.Certificates;
using SmimeAddin.Data;
using SmimeAddin.Directory;

namespace SmimeAddin.Trust;

/// <summary>The organisation's trusted issuers as the directory holds them, with a <paramref name="Version"/> that
/// changes whenever the list does (verdicts are cached per version).</summary>
public sealed record TrustedIssuerList(SerializedStore Store, IReadOnlyList<X509Certificate> Certificates, string Version)
{
    public static readonly TrustedIssuerList Empty = From(SerializedStore.FromCertificates([]));

    public static TrustedIssuerList From(SerializedStore store)
    {
        // Unparseable entries cannot anchor a chain; they stay in the store so that rewriting it loses nothing.
        var certificates = store.CertificateDers.Select(DerFile.CertificateOrNull).OfType<X509Certificate>().ToList();
        return new(store, certificates, Convert.ToHexString(SHA256.HashData(store.Write()))[..16]);
    }
}

/// <summary>Reads and replaces the directory's issuing-CA store, the one source of truth. Reads are cached briefly
/// because every readiness check needs the list; this app's own writes refresh the cache at once.</summary>
public sealed class TrustedIssuerStore(IDirectory directory, Leases leases, TimeProvider time, IOptions<TrustedIssuersOptions> options)
{
    /// <summary>Longer than any one change takes (a read and a Set-SmimeConfig); a holder that dies blocks others this long.</summary>
    private static readonly TimeSpan WriteLease = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim refresh = new(1, 1);
    private (TrustedIssuerList List, DateTimeOffset ReadAt)? cached;

    public async Task<TrustedIssuerList> GetAsync(CancellationToken ct)
    {
        if (Fresh() is { } list)
            return list;
        await refresh.WaitAsync(ct);
        try
        {
            if (Fresh() is { } again)
                return again;
            return Remember(await ReadAsync(ct));
        }
        finally
        {
            refresh.Release();
        }
    }

    /// <summary>Reads the list afresh (an admin may have changed it in PowerShell), lets <paramref name="change"/>
    /// decide, and writes the store it returns, if any. A current list that cannot be read stops the change (the
    /// read throws <see cref="DirectoryFailure.Unreadable"/>): a list is never rebuilt from "empty". A store larger
    /// than Exchange accepts is answered by <paramref name="tooLarge"/> instead, before the directory is written.
    /// One change at a time across every instance on the database (a lease), so that two admins adding issuers
    /// together both see their issuer kept. A write is recorded through
    /// <paramref name="record"/>: its intent before the directory is touched, its outcome after, failed or not. Once
    /// the intent is recorded the write is carried out whatever <paramref name="ct"/> does, so a client that goes away
    /// cannot leave a change half known.</summary>
    public async Task<T> UpdateAsync<T>(Func<TrustedIssuerList, (SerializedStore? NewStore, T Result)> change,
        Func<StoreTooLarge, T> tooLarge, TrustedIssuerWriteRecord record, CancellationToken ct)
    {
        await using var writing = await leases.AcquireAsync("TrustedIssuers", WriteLease, ct);
        var current = Remember(await ReadAsync(ct));
        var (store, result) = change(current);
        if (store is null)
            return result;
        var bytes = store.Write();
        if (bytes.Length > TrustedIssuerRules.MaxStoreBytes)
            return tooLarge(new StoreTooLarge(bytes.Length));
        var write = new TrustedIssuerWrite(current, store);
        if (!await record.Intent(write))
            return result;
        try
        {
            await directory.SetIssuingCaStoreAsync(bytes, CancellationToken.None);
        }
        catch (Exception e)
        {
            cached = null; // the directory may hold either list now
            await record.Outcome(write, e);
            throw;
        }
        Remember(TrustedIssuerList.From(store));
        await record.Outcome(write, null);
        return result;
    }

    private TrustedIssuerList? Fresh() =>
        cached is { } entry && time.GetUtcNow() - entry.ReadAt < TimeSpan.FromSeconds(options.Value.CacheSeconds) ? entry.List : null;

    private TrustedIssuerList Remember(TrustedIssuerList list)
    {
        cached = (list, time.GetUtcNow());
        return list;
    }

    private async Task<TrustedIssuerList> ReadAsync(CancellationToken ct) =>
        await directory.GetIssuingCaStoreAsync(ct) is { } bytes ? Parse(bytes) : TrustedIssuerList.Empty;

    private static TrustedIssuerList Parse(byte[] bytes) =>
        SerializedStore.Read(bytes).Store is { } store
            ? TrustedIssuerList.From(store)
            : throw new DirectoryException(DirectoryFailure.Unreadable, "The directory's issuing-CA store is not a readable .sst; it is not read as empty.");
}
