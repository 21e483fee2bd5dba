using System.Threading.Channels;

namespace SmimeAddin.ContactRequests.Provisioning;

/// <summary>Wakes this process's provisioning worker before its next poll: whoever commits an Approved request
/// (the approve and retry endpoints) calls <see cref="Wake"/> after the commit. Wake-ups do not pile up: one
/// pending wake-up means one more pass, which handles every request claimable by then.</summary>
public sealed class ProvisioningSignal
{
    private readonly Channel<bool> wakeUps = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Wake() => wakeUps.Writer.TryWrite(true);

    /// <summary>Returns when woken or after <paramref name="interval"/> on <paramref name="time"/>, whichever is first.</summary>
    internal async Task WaitAsync(TimeSpan interval, TimeProvider time, CancellationToken ct)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var woken = wakeUps.Reader.WaitToReadAsync(either.Token).AsTask();
        var elapsed = Task.Delay(interval, time, either.Token);
        await Task.WhenAny(woken, elapsed);
        await either.CancelAsync();
        ct.ThrowIfCancellationRequested();
        wakeUps.Reader.TryRead(out _);
    }
}
