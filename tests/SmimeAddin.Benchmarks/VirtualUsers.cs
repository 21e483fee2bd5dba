using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace SmimeAddin.Benchmarks;

/// <summary>Virtual users, each with its own token, each POSTing readiness checks of 50 recipients back to back, sent
/// round-robin to the instances as a load balancer would. Throttled answers (429) are counted apart from errors.</summary>
internal static class VirtualUsers
{
    public sealed record Figures(int Requests, double PerSecond, double P50Ms, double P99Ms, int Errors, int Limited);

    private sealed class Tally
    {
        public List<double> Latencies { get; } = [];
        public int Errors { get; set; }
        public int Limited { get; set; }
    }

    /// <summary>The demo organisation's people: ready (Ada, Marc by his proxy address, Cravate Rouge's contact),
    /// a certificate problem (René's expired, Jean's untrusted issuer), no certificate (Nina), unknown (Paul).</summary>
    private static readonly string[] DemoAddresses =
    [
        "ada.admin@contoso.example", "m.dupont@contoso.example", "cravate.rouge@fabrikam.example", "rene.requester@contoso.example",
        "jean.untrusted@tailspin.example", "nina.reader@contoso.example", "paul.nobody@northwind.example",
    ];

    private const int RecipientsPerCheck = 50;
    private const int ExternalPool = 5000;

    public static async Task<Figures> RunAsync(IReadOnlyList<Uri> instances, IReadOnlyList<string> users, TimeSpan warmUp, TimeSpan measured)
    {
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue }) { Timeout = TimeSpan.FromSeconds(30) };
        // Tokens from the first instance only: with two, the second accepts them because the signing key is shared.
        var tokens = await Task.WhenAll(users.Select(user => TokenAsync(client, instances[0], user)));
        var bodies = Bodies(count: 512);
        var turn = new StrongBox<int>();
        var clock = Stopwatch.StartNew();
        var (from, until) = (warmUp, warmUp + measured);
        var tallies = await Task.WhenAll(tokens.Select(token =>
            Task.Run(() => UserAsync(client, instances, token, bodies, turn, clock, from, until))));

        var latencies = tallies.SelectMany(t => t.Latencies).Order().ToList();
        double Percentile(double p) => latencies.Count == 0 ? double.NaN : Measure.Percentile(latencies, p); // none succeeded: say so, not crash
        return new(latencies.Count, latencies.Count / measured.TotalSeconds, Percentile(0.50), Percentile(0.99),
            tallies.Sum(t => t.Errors), tallies.Sum(t => t.Limited));
    }

    /// <summary>One user's loop. What completes inside the measured window counts; the warm-up before it fills the
    /// caches and lets the JIT reach its final tier.</summary>
    private static async Task<Tally> UserAsync(HttpClient client, IReadOnlyList<Uri> instances, string token, byte[][] bodies,
        StrongBox<int> turn, Stopwatch clock, TimeSpan from, TimeSpan until)
    {
        var tally = new Tally();
        while (clock.Elapsed < until)
        {
            var instance = instances[(int)((uint)Interlocked.Increment(ref turn.Value) % instances.Count)];
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(instance, "/api/recipients/check"))
            {
                Content = new ByteArrayContent(bodies[Random.Shared.Next(bodies.Length)]) { Headers = { ContentType = new("application/json") } },
                Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
            };
            var started = clock.Elapsed;
            HttpStatusCode? status;
            try
            {
                using var response = await client.SendAsync(request);
                await response.Content.LoadIntoBufferAsync();
                status = response.StatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                status = null;
            }
            var ended = clock.Elapsed;
            if (ended < from || ended > until)
                continue;
            if (status == HttpStatusCode.TooManyRequests)
                tally.Limited++;
            else if (status is not { } ok || (int)ok >= 300)
                tally.Errors++;
            else
                tally.Latencies.Add((ended - started).TotalMilliseconds);
        }
        return tally;
    }

    /// <summary>Check bodies to pick from: the demo people in every check (they are who the sender writes to daily),
    /// plus external addresses the directory does not hold, drawn from a pool, so that the look-up cache
    /// (<c>Recipients:CacheSeconds</c>) keeps some but not all of them.</summary>
    private static byte[][] Bodies(int count)
    {
        var random = new Random(1);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var externals = new HashSet<string>();
            while (externals.Count < RecipientsPerCheck - DemoAddresses.Length)
            {
                var n = random.Next(ExternalPool);
                externals.Add($"person{n}@partner{n % 97}.example");
            }
            var recipients = DemoAddresses.Concat(externals).Select(a => new { emailAddress = a }).ToArray();
            return JsonSerializer.SerializeToUtf8Bytes(new { recipients });
        }).ToArray();
    }

    public static async Task<string> TokenAsync(HttpClient client, Uri instance, string user)
    {
        using var response = await client.PostAsJsonAsync(new Uri(instance, "/auth/local/token"), new { user });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }
}
