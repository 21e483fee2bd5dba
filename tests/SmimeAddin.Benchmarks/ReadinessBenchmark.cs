using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace SmimeAddin.Benchmarks;

/// <summary>POST /api/recipients/check through the real app over HTTP on loopback (Kestrel) on the embedded directory with
/// the demo organisation: warm (look-ups cached) and cold (every check reads the directory).</summary>
internal static class ReadinessBenchmark
{
    private static readonly string[] DemoAddresses =
    [
        "ada.admin@contoso.example", "rene.requester@contoso.example", "nina.reader@contoso.example", "m.dupont@contoso.example",
        "cravate.rouge@fabrikam.example", "jean.untrusted@tailspin.example", "paul.nobody@northwind.example",
    ];

    public static async Task RunAsync()
    {
        Console.WriteLine("POST /api/recipients/check, embedded directory (SQLite), demo organisation");
        Console.WriteLine($"{"recipients",10} {"cache",6} {"checks",7} {"checks/s",9} {"mean ms",8} {"p50 ms",7} {"p99 ms",7}");
        foreach (var cache in new[] { "warm", "cold" })
        {
            using var app = new App(cache == "warm" ? "10" : "0");
            var client = await app.ClientAsync();
            foreach (var count in new[] { 1, 10, 50, 500 })
            {
                var body = new { recipients = Recipients(count).Select(a => new { emailAddress = a }).ToArray() };
                // Unmeasured first second: fills the verdict cache (and, warm, the look-up cache) and lets the JIT reach its final tier.
                await Measure.RunAsync(() => CheckAsync(client, body), TimeSpan.FromSeconds(1));
                var figures = await Measure.RunAsync(() => CheckAsync(client, body), TimeSpan.FromSeconds(2));
                Console.WriteLine($"{count,10} {cache,6} {figures.Count,7} {figures.PerSecond,9:F0} {figures.MeanMs,8:F2} {figures.P50Ms,7:F2} {figures.P99Ms,7:F2}");
            }
        }
        Console.WriteLine();
    }

    internal static IEnumerable<string> Recipients(int count) =>
        DemoAddresses.Concat(Enumerable.Range(0, Math.Max(0, count - DemoAddresses.Length)).Select(i => $"someone{i}@northwind.example")).Take(count);

    internal static async Task CheckAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync("/api/recipients/check", body);
        response.EnsureSuccessStatusCode();
    }

    internal sealed class App(string cacheSeconds) : WebApplicationFactory<Program>
    {
        private readonly string data = System.IO.Directory.CreateTempSubdirectory("smimeaddin-bench-").FullName;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("DataDirectory", data);
            builder.UseSetting("Recipients:CacheSeconds", cacheSeconds);
            // One user checks thousands of times a second here: far past the pane's limits, on purpose.
            builder.UseSetting("RateLimits:CheckPerMinute", "1000000");
            builder.UseSetting("RateLimits:CheckBurst", "1000000");
            builder.UseSetting("RateLimits:InspectPerMinute", "1000000");
            builder.UseSetting("RateLimits:InspectBurst", "1000000");
            builder.UseSetting("RateLimits:CheckAddressesPerMinute", "1000000");
            builder.UseSetting("RateLimits:CheckAddressesBurst", "1000000");
            builder.UseSetting("RateLimits:DirectoryLookupsPerSecond", "1000000");
            builder.UseSetting("Logging:LogLevel:Default", "Error");
            builder.UseSetting("Logging:LogLevel:Microsoft", "Error");
            builder.UseSetting("Urls", ""); // the listener comes from UseKestrel below
        }

        public async Task<HttpClient> ClientAsync()
        {
            UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
            StartServer();
            var client = CreateClient();
            var token = await (await client.PostAsJsonAsync("/auth/local/token", new { user = "nina.reader@contoso.example" }))
                .Content.ReadFromJsonAsync<JsonElement>();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
            return client;
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (System.IO.Directory.Exists(data))
                System.IO.Directory.Delete(data, recursive: true);
        }
    }
}
