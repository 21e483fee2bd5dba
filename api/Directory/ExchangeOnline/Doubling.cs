namespace SmimeAddin.Directory.ExchangeOnline;

/// <summary>A wait that doubles with each try, from a first one up to a longest one, drawn between half and all of
/// that (jitter, so that the instances of a farm do not retry in step): the reconnect back-off's and the retry of a
/// single call's.</summary>
internal static class Doubling
{
    /// <param name="tries">Tries made before this wait: 0 waits about <paramref name="first"/>.</param>
    public static TimeSpan Wait(TimeSpan first, TimeSpan longest, int tries, double random)
    {
        var ceiling = TimeSpan.FromTicks(Math.Min(longest.Ticks, first.Ticks << Math.Min(tries, 20)));
        return ceiling * (0.5 + random / 2);
    }
}
