namespace SmimeAddin.Directory.ExchangeOnline;

/// <summary>Which failed cmdlet calls of one operation are run again, and after how long, within the operation's
/// budget (<see cref="ExchangeOnlineOptions.CallRetryBudget"/>). Each is safe to repeat: a throttled call was refused
/// before Exchange did anything; after an outage's 503 a write may have happened, and repeating it changes nothing
/// more (Set-* replace whole values; a second New-MailContact is refused as a taken name, which the provisioner reads
/// as "ours already"); a NotFound is retried only for an object just created (<see cref="ExchangeCommand.MayLag"/>).
/// A call that ran out of time is not repeated: it already cost minutes.</summary>
internal sealed class CallRetry(TimeSpan budget, Func<double>? random = null)
{
    /// <summary>The first wait after an outage's failure or a lagging NotFound; doubled each time up to <see cref="Longest"/>.</summary>
    public static readonly TimeSpan First = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan Longest = TimeSpan.FromSeconds(8);

    /// <summary>A contact just created shows within seconds: four tries (about 4 s of waiting) are plenty.</summary>
    private const int LagRetries = 4;

    private readonly Func<double> random = random ?? Random.Shared.NextDouble;
    private TimeSpan left = budget;
    private int outageRetries;
    private int lagRetries;

    /// <summary>How long to wait before running <paramref name="command"/> again after <paramref name="failure"/>;
    /// null when it must not be run again (not transient, or the budget does not cover the wait).</summary>
    public TimeSpan? WaitBefore(ExchangeCommand command, DirectoryException failure)
    {
        TimeSpan? wait = failure switch
        {
            { InnerException: TimeoutException } => null,
            { Failure: DirectoryFailure.Throttled or DirectoryFailure.Unavailable, RetryAfter: { } asked } => asked,
            { Failure: DirectoryFailure.Throttled or DirectoryFailure.Unavailable } => Doubled(ref outageRetries),
            { Failure: DirectoryFailure.NotFound } when command.MayLag && lagRetries < LagRetries => Doubled(ref lagRetries),
            _ => null,
        };
        if (wait is not { } granted || granted > left)
            return null;
        left -= granted;
        return granted;
    }

    /// <summary>First, 2×First, 4×First… up to Longest, with jitter (<see cref="Doubling"/>).</summary>
    private TimeSpan Doubled(ref int retries) => Doubling.Wait(First, Longest, retries++, random());
}
