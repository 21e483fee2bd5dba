using Microsoft.Extensions.DependencyInjection;
using SmimeAddin.Certificates;
using SmimeAddin.Tests.Support;
using SmimeAddin.Trust;

namespace SmimeAddin.Benchmarks;

/// <summary>How many verdicts per second: the judge itself (chain built and every signature verified each time), and
/// through the verdict cache the readiness check uses.</summary>
internal static class VerdictBenchmark
{
    public static void Run()
    {
        var pki = new TestPki("Bench");
        var alice = pki.Issue(new CertificateSpec());
        var trusted = TrustedIssuerList.From(SerializedStore.FromCertificates([pki.Root.Der, pki.Intermediate.Der]));
        var now = DateTimeOffset.UtcNow;
        using var app = new ReadinessBenchmark.App(cacheSeconds: "10");
        var verdicts = app.Services.GetRequiredService<CertificateVerdicts>(); // as the app wires it
        Console.WriteLine("Certificate verdicts (RSA 2048 leaf, intermediate, root; SHA-256 signatures)");
        Console.WriteLine($"{"path",-22} {"verdicts",9} {"verdicts/s",11} {"mean µs",8}");
        Report("judge, uncached", Measure.Run(() => CertificateJudge.Judge(alice.Certificate, "alice@example.org", trusted.Certificates, [], now), TimeSpan.FromSeconds(2)));
        Report("verdict cache, warm", Measure.Run(() => verdicts.Judge(alice.Certificate, ["alice@example.org"], [], trusted), TimeSpan.FromSeconds(2)));
        Console.WriteLine();
    }

    private static void Report(string path, Measure.Figures figures) =>
        Console.WriteLine($"{path,-22} {figures.Count,9} {figures.PerSecond,11:F0} {figures.MeanMs * 1000,8:F1}");
}
