using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using SmimeAddin.Certificates;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Benchmarks;

/// <summary>Issue 12: files made to cost work, each built in code and sent through the real POST /api/certificates/inspect
/// (Kestrel on loopback, as a user with no role), with its answer and the time to it. Goal: each well under a second.</summary>
internal static class HostileFilesBenchmark
{
    public static async Task RunAsync()
    {
        Console.WriteLine("POST /api/certificates/inspect with hostile files (each built in code; best and worst of 3)");
        Console.WriteLine($"{"file",-44} {"bytes",9} {"answer",-34} {"best ms",8} {"worst ms",9}");
        using var app = new ReadinessBenchmark.App("10");
        var client = await app.ClientAsync();
        var loopKeys = TestPki.Generate(KeyKind.Rsa2048);
        var files = new List<(string Name, string FileName, byte[] Bytes)>();
        foreach (var k in new[] { 8, 9, 10, 11, 12 })
            files.Add(($"same-name loop, leaf + {k} CAs", "loop.pem", HostileFiles.Pem(HostileFiles.SameNameLoop(k, loopKeys))));
        files.Add(("one certificate, RSA 16384 key", "huge.cer", HostileFiles.HugeRsaKey().GetEncoded()));
        files.Add(("PEM of 100 certificates with RSA 16384 keys", "huge.pem", HostileFiles.Pem(Enumerable.Range(0, 100).Select(_ => HostileFiles.HugeRsaKey()))));
        files.Add(("PEM of 4,000 certificates", "many.pem", HostileFiles.ManyCertificatesPem(4000)));
        files.Add(("PEM of 1,000 certificates (the cap)", "cap.pem", HostileFiles.ManyCertificatesPem(1000)));
        files.Add(("root store (.sst) of 500 CAs", "roots.sst", HostileFiles.RootStore(500)));
        foreach (var (name, fileName, bytes) in files)
        {
            var times = new List<double>();
            var answer = "";
            for (var i = 0; i < 3; i++)
            {
                var watch = Stopwatch.StartNew();
                using var response = await client.PostAsync("/api/certificates/inspect",
                    new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", fileName } });
                answer = await AnswerAsync(response);
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            Console.WriteLine($"{name,-44} {bytes.Length,9} {answer,-34} {times.Min(),8:F0} {times.Max(),9:F0}");
        }
        Console.WriteLine();
        await ReadinessUnderAttackAsync(client, files.Select(f => (f.FileName, f.Bytes)).ToList());
    }

    /// <summary>What a sender's pane sees meanwhile: readiness checks alone, then while four clients post these files
    /// back to back (per-user rate limits lifted, so only the concurrency limit on parsing holds them).</summary>
    private static async Task ReadinessUnderAttackAsync(HttpClient client, List<(string FileName, byte[] Bytes)> files)
    {
        Console.WriteLine("POST /api/recipients/check (10 recipients, look-ups cached), alone and while 4 clients post the files above without pause");
        Console.WriteLine($"{"while",-10} {"checks",7} {"checks/s",9} {"p50 ms",7} {"p99 ms",7}   hostile uploads answered");
        var body = new { recipients = ReadinessBenchmark.Recipients(10).Select(a => new { emailAddress = a }).ToArray() };
        await Measure.RunAsync(() => ReadinessBenchmark.CheckAsync(client, body), TimeSpan.FromSeconds(1));
        var alone = await Measure.RunAsync(() => ReadinessBenchmark.CheckAsync(client, body), TimeSpan.FromSeconds(3));
        Console.WriteLine($"{"alone",-10} {alone.Count,7} {alone.PerSecond,9:F0} {alone.P50Ms,7:F1} {alone.P99Ms,7:F1}");

        using var stop = new CancellationTokenSource();
        var answers = new ConcurrentDictionary<int, int>();
        var senders = Enumerable.Range(0, 4).Select(i => SendWithoutPauseAsync(client, files, i, answers, stop.Token)).ToList();
        var during = await Measure.RunAsync(() => ReadinessBenchmark.CheckAsync(client, body), TimeSpan.FromSeconds(5));
        await stop.CancelAsync();
        await Task.WhenAll(senders);
        var statuses = string.Join(", ", answers.OrderBy(a => a.Key).Select(a => $"{a.Key}: {a.Value}"));
        Console.WriteLine($"{"attacked",-10} {during.Count,7} {during.PerSecond,9:F0} {during.P50Ms,7:F1} {during.P99Ms,7:F1}   {statuses}");
        Console.WriteLine();
    }

    private static async Task SendWithoutPauseAsync(HttpClient client, List<(string FileName, byte[] Bytes)> files, int first,
        ConcurrentDictionary<int, int> answers, CancellationToken stop)
    {
        for (var i = first; !stop.IsCancellationRequested; i++)
        {
            var (fileName, bytes) = files[i % files.Count];
            try
            {
                using var response = await client.PostAsync("/api/certificates/inspect",
                    new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", fileName } }, stop);
                answers.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>"200: ChainTooComplex ×11" (the commonest telling finding), or "422 TooManyCertificates".</summary>
    private static async Task<string> AnswerAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!response.IsSuccessStatusCode)
            return $"{(int)response.StatusCode} {body.GetProperty("code").GetString()}";
        var codes = body.GetProperty("certificates").EnumerateArray()
            .SelectMany(c => c.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString()!))
            .Where(code => code is nameof(FindingCode.ChainTooComplex) or nameof(FindingCode.KeyTooLarge) or nameof(FindingCode.IssuerNotTrusted))
            .GroupBy(code => code).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} ×{g.Count()}");
        return $"200: {string.Join(", ", codes)}";
    }
}
