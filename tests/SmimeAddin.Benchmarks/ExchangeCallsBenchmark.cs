using System.Diagnostics;
using SmimeAddin.Directory.ExchangeOnline;
using SmimeAddin.Tests.Directory.ExchangeOnline;

namespace SmimeAddin.Benchmarks;

/// <summary>What one cold readiness look-up costs on Exchange Online, against the test module: cmdlet calls (a small
/// fixed number per chunk of addresses, never one per recipient) and time when each call takes as long as Exchange
/// Online takes to answer. The sessions are connected first, as in a running app.</summary>
internal static class ExchangeCallsBenchmark
{
    private static readonly string[] Cmdlets = ["Get-Recipient", "Get-Mailbox", "Get-MailUser", "Get-MailContact"];
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(300);

    public static async Task RunAsync()
    {
        Console.WriteLine($"Exchange Online adapter against the test module: one cold look-up, {Latency.TotalMilliseconds:0} ms per cmdlet call, " +
            "half the addresses exist");
        Console.WriteLine("(time at 0 ms: what the stand-in's own PowerShell costs on this machine; round trips: the time the latency added, in calls' latencies)");
        Console.WriteLine($"{"recipients",10} {"sessions",8} {"chunk",5} {string.Join(" ", Cmdlets.Select(c => $"{c,15}"))} {"total",6} " +
            $"{"at 0 ms",8} {$"at {Latency.TotalMilliseconds:0} ms",9} {"round trips",11}");
        foreach (var (count, sessions, chunk) in new[] { (1, 4, 50), (50, 4, 50), (50, 2, 50), (500, 4, 50), (500, 4, 200) })
            await LookUpAsync(count, sessions, chunk);
        Console.WriteLine();
    }

    private static async Task LookUpAsync(int count, int sessions, int chunk)
    {
        using var exchange = new TestExchange();
        for (var i = 0; i < count; i += 2)
        {
            if (i % 4 == 0)
                exchange.AddMailbox($"user{i}", $"user{i}@contoso.example");
            else
                exchange.AddContact($"Person{i}_SMIME", $"user{i}@contoso.example");
        }
        using var directory = exchange.Directory(poolSize: sessions, chunkSize: chunk);
        await directory.FindRecipientsAsync(["warm.up@contoso.example"], default); // connects every session
        var addresses = Enumerable.Range(0, count).Select(i => $"user{i}@contoso.example").ToList();
        await TimeAsync(directory, addresses); // PowerShell compiles the module's filter code for this size once
        var alone = await TimeAsync(directory, addresses);
        var before = Cmdlets.Select(exchange.Calls).ToList();
        exchange.Latency = Latency;

        var elapsed = await TimeAsync(directory, addresses);

        var calls = Cmdlets.Select((c, i) => exchange.Calls(c) - before[i]).ToList();
        Console.WriteLine($"{count,10} {sessions,8} {chunk,5} {string.Join(" ", calls.Select(c => $"{c,15}"))} {calls.Sum(),6} " +
            $"{alone.TotalMilliseconds,8:0} {elapsed.TotalMilliseconds,9:0} {(elapsed - alone) / Latency,11:0.0}");
    }

    /// <summary>The adapter keeps nothing between look-ups (the recipient cache is the app's): each one is cold.</summary>
    private static async Task<TimeSpan> TimeAsync(ExchangeOnlineDirectory directory, List<string> addresses)
    {
        var clock = Stopwatch.StartNew();
        await directory.FindRecipientsAsync(addresses, default);
        return clock.Elapsed;
    }
}
