using Microsoft.EntityFrameworkCore;

namespace SmimeAddin.Data;

/// <summary>Takes and gives back <see cref="Lease"/>s. Taking is one conditional UPDATE (or the INSERT of the row), so
/// of two instances asking together exactly one gets it; the other asks again shortly.</summary>
public sealed class Leases(IDbContextFactory<AppDbContext> contexts, TimeProvider time)
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromMilliseconds(50);

    /// <summary>Waits until this caller holds <paramref name="name"/> for at most <paramref name="duration"/>; dispose
    /// to give it back.</summary>
    public async Task<IAsyncDisposable> AcquireAsync(string name, TimeSpan duration, CancellationToken ct)
    {
        var holder = Guid.NewGuid().ToString("N");
        while (!await TryAcquireAsync(name, holder, duration, ct))
            await Task.Delay(RetryAfter, ct); // real time, not the app's clock: this is a wait for another writer, not an instant
        return new Held(this, name, holder);
    }

    /// <summary>Holds <paramref name="name"/> for at most <paramref name="duration"/> if nobody does; null at once when
    /// someone does (work that one instance at a time does, and that need not be done twice).</summary>
    public async Task<IAsyncDisposable?> TryHoldAsync(string name, TimeSpan duration, CancellationToken ct)
    {
        var holder = Guid.NewGuid().ToString("N");
        return await TryAcquireAsync(name, holder, duration, ct) ? new Held(this, name, holder) : null;
    }

    private async Task<bool> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var taken = await db.Leases.Where(l => l.Name == name && (l.Holder == null || l.ExpiresAt < now))
            .ExecuteUpdateAsync(set => set.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAt, now + duration), ct);
        if (taken == 1)
            return true;
        if (await db.Leases.AnyAsync(l => l.Name == name, ct))
            return false;
        db.Leases.Add(new Lease { Name = name, Holder = holder, ExpiresAt = now + duration });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            return false; // another instance created the row first, and holds it
        }
    }

    private async Task ReleaseAsync(string name, string holder)
    {
        await using var db = await contexts.CreateDbContextAsync();
        await db.Leases.Where(l => l.Name == name && l.Holder == holder)
            .ExecuteUpdateAsync(set => set.SetProperty(l => l.Holder, (string?)null).SetProperty(l => l.ExpiresAt, (DateTimeOffset?)null));
    }

    private sealed class Held(Leases leases, string name, string holder) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await leases.ReleaseAsync(name, holder);
    }
}
