using SmimeAddin.Tests.Directory.ExchangeOnline;

namespace SmimeAddin.Benchmarks;

/// <summary>Cmdlet calls one readiness look-up costs on Exchange Online, counted by the test module: the count must
/// stay small and fixed per 50 addresses, never one per recipient.</summary>
internal static class ExchangeCallsBenchmark
{
    private static readonly string[] Cmdlets = ["Get-Recipient", "Get-Mailbox", "Get-MailUser", "Get-MailContact"];

    public static async Task RunAsync()
    {
        Console.WriteLine("Exchange Online adapter against the test module: cmdlet calls per look-up (half the addresses exist)");
        Console.WriteLine($"{"recipients",10} {string.Join(" ", Cmdlets.Select(c => $"{c,15}"))} {"total",6}");
        foreach (var count in new[] { 1, 10, 50, 500 })
        {
            using var exchange = new TestExchange();
            for (var i = 0; i < count; i += 2)
            {
                if (i % 4 == 0)
                    exchange.AddMailbox($"user{i}", $"user{i}@contoso.example");
                else
                    exchange.AddContact($"Person{i}_SMIME", $"user{i}@contoso.example");
            }
            using var directory = exchange.Directory();
            await directory.FindRecipientsAsync(Enumerable.Range(0, count).Select(i => $"user{i}@contoso.example").ToList(), default);
            var calls = Cmdlets.Select(exchange.Calls).ToList();
            Console.WriteLine($"{count,10} {string.Join(" ", calls.Select(c => $"{c,15}"))} {calls.Sum(),6}");
        }
        Console.WriteLine();
    }
}
