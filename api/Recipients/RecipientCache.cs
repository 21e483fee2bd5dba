using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using SmimeAddin.Directory;
using SmimeAddin.Hosting;

namespace SmimeAddin.Recipients;

/// <summary>Directory look-ups per address, for <see cref="RecipientsOptions.CacheSeconds"/>: the pane checks the same
/// recipients on every change of the message. Whoever writes to the directory calls <see cref="Forget"/>.</summary>
public sealed class RecipientCache(IMemoryCache cache, IDirectory directory, IOptions<RecipientsOptions> options, SmimeMetrics metrics)
{
    private sealed record Entry(DirectoryRecipient? Recipient);

    /// <summary>The recipient holding each address (null: nobody), in one directory call for the addresses not cached.</summary>
    public async Task<IReadOnlyDictionary<string, DirectoryRecipient?>> FindAsync(IReadOnlyCollection<string> addresses, CancellationToken ct)
    {
        var found = new Dictionary<string, DirectoryRecipient?>(StringComparer.OrdinalIgnoreCase);
        var missing = new List<string>();
        foreach (var address in addresses)
        {
            if (cache.TryGetValue(Key(address), out Entry? entry))
                found[address] = entry!.Recipient;
            else
                missing.Add(address);
        }
        metrics.RecipientCacheHits(found.Count);
        metrics.RecipientCacheMisses(missing.Count);
        if (missing.Count == 0)
            return found;

        var recipients = await metrics.DirectoryAsync("FindRecipients", () => directory.FindRecipientsAsync(missing, ct));
        var byAddress = recipients
            .SelectMany(r => r.EmailAddresses.Append(r.PrimarySmtpAddress).Select(a => (Address: a, Recipient: r)))
            .GroupBy(x => x.Address, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Recipient, StringComparer.OrdinalIgnoreCase);
        var lifetime = TimeSpan.FromSeconds(options.Value.CacheSeconds);
        foreach (var address in missing)
        {
            var recipient = byAddress.GetValueOrDefault(address);
            found[address] = recipient;
            if (lifetime > TimeSpan.Zero)
                cache.Set(Key(address), new Entry(recipient), lifetime);
        }
        return found;
    }

    public void Forget(IEnumerable<string> addresses)
    {
        foreach (var address in addresses)
            cache.Remove(Key(address));
    }

    private static string Key(string address) => "recipient:" + address.ToLowerInvariant();
}
