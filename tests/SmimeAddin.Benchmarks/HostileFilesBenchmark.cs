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
