using System.Collections.Concurrent;

namespace SmimeAddin.Directory.ExchangeOnline;

/// <summary>At most <see cref="ExchangeOnlineOptions.PoolSize"/> connected sessions, opened on demand and kept:
/// connecting costs seconds, so it happens once per session, never per request. A caller has a session to itself
/// for the duration of its work; a session whose runspace broke is dropped and a new one is opened by the next caller. Each use
/// starts the session's retry budget afresh (<see cref="ExchangeSession.BeginOperation"/>).</summary>
internal sealed class ExchangeSessionPool(int size, Func<ExchangeSession> open, Func<TimeSpan> retryBudget) : IDisposable
{
    private readonly SemaphoreSlim slots = new(size, size);
    private readonly ConcurrentBag<ExchangeSession> idle = [];

    public async Task<T> UseAsync<T>(Func<ExchangeSession, Task<T>> work, CancellationToken ct)
    {
        await slots.WaitAsync(ct);
        var session = idle.TryTake(out var kept) ? kept : open();
        var keep = false;
        try
        {
            session.BeginOperation(retryBudget());
            var result = await work(session);
            keep = true;
            return result;
        }
        catch (DirectoryException)
        {
            // The service refused, or was down: the runspace and its connection stay good (an expired one reconnects
            // itself). Dropping it would make every caller after an outage connect again: a reconnect storm.
            keep = true;
            throw;
        }
        catch (OperationCanceledException)
        {
            keep = true; // the pipeline was stopped, the runspace stays open
            throw;
        }
        finally
        {
            if (keep && session.IsUsable)
                idle.Add(session);
            else
                session.Dispose();
            slots.Release();
        }
    }

    public void Dispose()
    {
        while (idle.TryTake(out var session))
            session.Dispose();
        slots.Dispose();
    }
}
