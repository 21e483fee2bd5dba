using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using SmimeAddin.Telemetry;

namespace SmimeAddin.Directory;

/// <summary>Directory look-ups per address, for <see cref="RecipientCacheOptions.CacheSeconds"/>: the pane checks the same
/// recipients on every change of the message. Whoever writes to the directory calls <see cref="Forget"/>; other
/// instances on the same database cannot be told, so a change made elsewhere shows here once the entry runs out, within
/// CacheSeconds (10 s by default, DESIGN.md's bound): the pane checks again on every change and every 15 s, and the
/// directory the sender's Outlook reads takes longer than that to show a new contact anyway.</summary>
public sealed class RecipientCache(IMemoryCache cache, IDirectory directory, TimeProvider time, IOptions<RecipientCacheOptions> options,
    SmimeMetrics metrics, DirectoryBudget budget)
{
    // The app's clock decides freshness (the memory cache's own expiry, on the system clock, only bounds memory).
    private sealed record Entry(DirectoryRecipient? Recipient, DateTimeOffset ReadAt);

    /// <summary>The recipient holding each address (null: nobody), in one directory call for the addresses not cached.</summary>
    public async Task<IReadOnlyDictionary<string, DirectoryRecipient?>> FindAsync(IReadOnlyCollection<string> addresses, CancellationToken ct)
    {
        var found = new Dictionary<string, DirectoryRecipient?>(StringComparer.OrdinalIgnoreCase);
        var missing = new List<string>();
        var lifetime = TimeSpan.FromSeconds(options.Value.CacheSeconds);
        var now = time.GetUtcNow();
        foreach (var address in addresses)
        {
            if (Cached(address, now, lifetime) is { } entry)
                found[address] = entry.Recipient;
            else
                missing.Add(address);
        }
        metrics.RecipientCacheHits(found.Count);
        metrics.RecipientCacheMisses(missing.Count);
        if (missing.Count == 0)
            return found;

        budget.TakeForInstance(missing.Count);

        var recipients = await directory.FindRecipientsAsync(missing, ct);
        var byAddress = recipients
            .SelectMany(r => r.EmailAddresses.Append(r.PrimarySmtpAddress).Select(a => (Address: a, Recipient: r)))
            .GroupBy(x => x.Address, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Recipient, StringComparer.OrdinalIgnoreCase);
        foreach (var address in missing)
        {
            var recipient = byAddress.GetValueOrDefault(address);
            found[address] = recipient;
            if (lifetime > TimeSpan.Zero)
                cache.Set(Key(address), new Entry(recipient, now), lifetime);
        }
        return found;
    }

    /// <summary>How many of <paramref name="addresses"/> a look-up now would send to the directory.</summary>
    public int CountUncached(IEnumerable<string> addresses)
    {
        var lifetime = TimeSpan.FromSeconds(options.Value.CacheSeconds);
        var now = time.GetUtcNow();
        return addresses.Distinct(StringComparer.OrdinalIgnoreCase).Count(address => Cached(address, now, lifetime) is null);
    }

    private Entry? Cached(string address, DateTimeOffset now, TimeSpan lifetime) =>
        cache.TryGetValue(Key(address), out Entry? entry) && now - entry!.ReadAt < lifetime ? entry : null;

    public void Forget(IEnumerable<string> addresses)
    {
        foreach (var address in addresses)
            cache.Remove(Key(address));
    }

    private static string Key(string address) => "recipient:" + address.ToLowerInvariant();
}
