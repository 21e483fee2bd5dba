using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using SmimeAddin.Certificates;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.Certificates;

/// <summary>Issue 12: every file costs bounded work. Outcomes here; the times are the benchmark's (docs/benchmarks.md).</summary>
public sealed class BoundedWorkTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly TestPki pki = new();

    private static Verdict Judge(X509Certificate certificate, IReadOnlyCollection<X509Certificate> trusted,
        IReadOnlyCollection<X509Certificate> intermediates, CancellationToken ct = default) =>
        CertificateJudge.Judge(certificate, "alice@example.org", trusted, intermediates, Now, ct: ct);

    [Theory]
    [InlineData(8)]
    [InlineData(12)]
    public void ASameNameLoopWithNoTrustedIssuerIsChainTooComplexOrUntrusted(int count)
    {
        var loop = HostileFiles.SameNameLoop(count);

        var verdict = Judge(loop[0], [pki.Root.Certificate], loop.Skip(1).ToList());

        var chainFinding = Assert.Single(verdict.Findings, f => f.Code is FindingCode.ChainTooComplex or FindingCode.IssuerNotTrusted);
        Assert.Equal(Severity.Error, chainFinding.Severity);
        Assert.Equal([loop[0]], verdict.Chain);
    }

    [Fact]
    public void ASameNameLoopStillEndsAtATrustedIssuerAmongIt()
    {
        var loop = HostileFiles.SameNameLoop(12);

        var verdict = Judge(loop[0], [loop[5]], loop.Skip(1).ToList());

        Assert.True(verdict.Usable);
        Assert.Equal([loop[0], loop[5]], verdict.Chain);
    }

    [Fact]
    public void AnRsaKeyOver8192BitsGivesKeyTooLarge()
    {
        var huge = HostileFiles.HugeRsaKey();

        var verdict = Judge(huge, [pki.Root.Certificate], []);

        var finding = Assert.Single(verdict.Findings, f => f.Code == FindingCode.KeyTooLarge);
        Assert.Equal(["RSA 16384", "8192"], finding.Arguments);
        Assert.DoesNotContain(verdict.Findings, f => f.Code == FindingCode.Malformed);
    }

    [Fact]
    public void AnRsaKeyOf8192BitsIsNotTooLarge()
    {
        Assert.False(CertificateFacts.IsKeyTooLarge(HostileFiles.HugeRsaKey(8192)));
    }

    [Fact]
    public void AnIssuerWithAKeyOver8192BitsNeverVerifiesASignature()
    {
        var huge = HostileFiles.HugeRsaKey();

        Assert.False(CertificateSignature.IsSignedBy(huge, huge));
        Assert.False(CertificateAuthorities.IsSelfSigned(huge));
    }

    [Theory]
    [InlineData("CN=Test  Root CA,O=SmimeAddin Tests", "cn=test root ca, o=SMIMEADDIN TESTS")]
    [InlineData("CN=Test Root CA", "CN=#0c0c5465737420526f6f74204341")]
    public void NamesBouncyCastleCallsEquivalentShareAnIndexKey(string one, string other)
    {
        var (a, b) = (new X509Name(one), new X509Name(other));

        Assert.True(a.Equivalent(b, true));
        Assert.Equal(TrustChain.NameKey(a), TrustChain.NameKey(b));
    }

    [Fact]
    public void NamesInAnotherOrderDoNotShareAnIndexKey()
    {
        Assert.NotEqual(TrustChain.NameKey(new X509Name("CN=A,O=B")), TrustChain.NameKey(new X509Name("O=B,CN=A")));
    }

    [Fact]
    public void ACancelledTokenStopsJudging()
    {
        var loop = HostileFiles.SameNameLoop(8);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => Judge(loop[0], [pki.Root.Certificate], loop.Skip(1).ToList(), cancelled.Token));
    }

    [Fact]
    public async Task PastTheDeadlineTheWorkIsCancelledAndTheDeadlineIsToBlame()
    {
        using var work = new BoundedWork(new CertificatesOptions { DeadlineSeconds = 1 }, CancellationToken.None);

        await Task.Delay(TimeSpan.FromSeconds(1.5));

        Assert.True(work.Token.IsCancellationRequested);
        Assert.True(work.DeadlinePassed);
    }

    [Fact]
    public void AClientThatHungUpCancelsTheWorkButIsNotADeadline()
    {
        using var client = new CancellationTokenSource();
        using var work = new BoundedWork(new CertificatesOptions(), client.Token);

        client.Cancel();

        Assert.True(work.Token.IsCancellationRequested);
        Assert.False(work.DeadlinePassed);
    }

    [Fact]
    public void ACancelledTokenStopsReading()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            CertificateReader.Read(HostileFiles.Pem([pki.Root.Certificate, pki.Intermediate.Certificate]), new ReadLimits(1000, cancelled.Token)));
    }

    [Fact]
    public void AFileWithMoreCertificatesThanTheCapIsTooManyCertificates()
    {
        var pem = HostileFiles.Pem([pki.Root.Certificate, pki.Intermediate.Certificate, pki.Issue(new CertificateSpec()).Certificate]);

        Assert.Equal(ReadRefusal.TooManyCertificates, CertificateReader.Read(pem, new ReadLimits(2, default)).Refusal);
    }

    [Fact]
    public void AStoreWithMoreCertificatesThanTheCapIsTooManyCertificates()
    {
        var store = SerializedStore.FromCertificates([pki.Root.Der, pki.Intermediate.Der]).Write();

        Assert.Equal(ReadRefusal.TooManyCertificates, CertificateReader.Read(store, new ReadLimits(1, default)).Refusal);
    }

    [Fact]
    public void ABundleWithMoreCertificatesThanTheCapIsTooManyCertificates()
    {
        var bundle = CertificateChains.CertificatesOnly([pki.Root.Certificate, pki.Intermediate.Certificate]);

        Assert.Equal(ReadRefusal.TooManyCertificates, CertificateReader.Read(bundle, new ReadLimits(1, default)).Refusal);
    }

    [Fact]
    public void AFileAtTheCapIsRead()
    {
        var pem = HostileFiles.Pem([pki.Root.Certificate, pki.Intermediate.Certificate]);

        Assert.Equal(2, CertificateReader.Read(pem, new ReadLimits(2, default)).File!.Certificates.Count);
    }
}
