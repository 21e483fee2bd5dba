using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace SmimeAddin.Directory;

/// <summary>Section <c>RateLimits</c>, the part that counts directory look-ups rather than calls (the rest is bound at
/// start beside the rate limiter). A look-up is one address not found in the recipient cache.</summary>
public sealed class DirectoryBudgetOptions
{
    public const string Section = "RateLimits";

    /// <summary>Uncached addresses one user's checks may send to the directory: a pane with 20 recipients, checking every
    /// 15 s in a few windows, stays well under.</summary>
    [Range(1, 1_000_000)]
    public int CheckAddressesPerMinute { get; set; } = 600;

    /// <summary>At least Recipients:MaxRecipients, so that one full check from a rested bucket always passes.</summary>
    [Range(1, 1_000_000)]
    public int CheckAddressesBurst { get; set; } = 500;

    /// <summary>Look-ups this instance sends to the directory a second, whoever asks (with Exchange Online, 50 addresses
    /// make one Get-Recipient).</summary>
    [Range(1, 1_000_000)]
    public int DirectoryLookupsPerSecond { get; set; } = 200;
}

/// <summary>This instance may not look up more than it is allowed to right now; the caller tries again after
/// <see cref="RetryAfter"/>. Not a <see cref="DirectoryException"/>: the directory was not asked.</summary>
public sealed class DirectoryBusyException(TimeSpan retryAfter)
    : Exception("This instance's directory look-up budget is spent for now.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>Token buckets of directory look-ups on the app's clock: one per user for the readiness check, one for the
/// whole instance. A take of more than a bucket holds passes when the bucket is full and leaves it in debt, so a
/// check of Recipients:MaxRecipients addresses is never refused for good.</summary>
public sealed class DirectoryBudget(IMemoryCache buckets, TimeProvider time, IOptions<DirectoryBudgetOptions> options)
{
    /// <summary>A bucket unused this long is full again anyway; dropping it bounds memory.</summary>
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(10);

    private readonly Bucket instance = new(options.Value.DirectoryLookupsPerSecond, options.Value.DirectoryLookupsPerSecond, time.GetUtcNow());

    public bool TryTakeForUser(string user, int lookups, out TimeSpan retryAfter)
    {
        var limits = options.Value;
        var bucket = buckets.GetOrCreate("directory-budget:" + user.ToLowerInvariant(), entry =>
        {
            entry.SlidingExpiration = Idle;
            return new Bucket(limits.CheckAddressesBurst, limits.CheckAddressesPerMinute / 60.0, time.GetUtcNow());
        })!;
        return bucket.TryTake(lookups, time.GetUtcNow(), out retryAfter);
    }

    /// <summary>Throws <see cref="DirectoryBusyException"/> when the instance's look-ups are spent.</summary>
    public void TakeForInstance(int lookups)
    {
        if (!instance.TryTake(lookups, time.GetUtcNow(), out var retryAfter))
            throw new DirectoryBusyException(retryAfter);
    }

    private sealed class Bucket(double capacity, double perSecond, DateTimeOffset start)
    {
        private double tokens = double.MaxValue; // full: the first take tops it up to capacity
        private DateTimeOffset at = start;
        private readonly Lock gate = new();

        public bool TryTake(int count, DateTimeOffset now, out TimeSpan retryAfter)
        {
            retryAfter = TimeSpan.Zero;
            if (count <= 0)
                return true;
            lock (gate)
            {
                tokens = Math.Min(capacity, tokens + Math.Max(0, (now - at).TotalSeconds) * perSecond);
                at = now > at ? now : at;
                var needed = Math.Min(count, capacity);
                if (tokens >= needed)
                {
                    tokens -= count;
                    return true;
                }
                retryAfter = TimeSpan.FromSeconds((needed - tokens) / perSecond);
                return false;
            }
        }
    }
}
