namespace SmimeAddin.Directory.ExchangeOnline;

/// <summary>After a failed connect, the next one waits: 1 s, 2 s, 4 s… up to <see cref="Longest"/>, with jitter
/// (<see cref="Doubling"/>). Shared by every session of one
/// directory: during an outage each caller gets the last failure at once, with how long is left as its Retry-After,
/// rather than a Connect-ExchangeOnline of its own (a reconnect storm). A connect that succeeds clears it.</summary>
internal sealed class ReconnectBackoff(TimeProvider time, Func<double>? random = null)
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Longest = TimeSpan.FromSeconds(60);

    private readonly Lock gate = new();
    private readonly Func<double> random = random ?? Random.Shared.NextDouble;
    private int failures;
    private DateTimeOffset notBefore;
    private DirectoryException? last;

    /// <summary>Throws the last connect failure again while its wait runs.</summary>
    public void ThrowIfWaiting()
    {
        lock (gate)
        {
            var wait = notBefore - time.GetUtcNow();
            if (last is { } failure && wait > TimeSpan.Zero)
                throw new DirectoryException(failure.Failure, $"Not reconnecting for another {wait.TotalSeconds:0.#} s after: {failure.Message}",
                    failure.Failure is DirectoryFailure.Unavailable or DirectoryFailure.Throttled ? wait : null, failure.InnerException);
        }
    }

    public void Failed(DirectoryException failure)
    {
        lock (gate)
        {
            failures = Math.Min(failures + 1, 30);
            var wait = Doubling.Wait(First, Longest, failures - 1, random());
            if (failure.RetryAfter is { } asked && asked > wait)
                wait = asked;
            notBefore = time.GetUtcNow() + wait;
            last = failure;
        }
    }

    public void Succeeded()
    {
        lock (gate)
        {
            failures = 0;
            last = null;
        }
    }
}
