namespace SmimeAddin.Tests.Support;

public sealed class TestPkiTests
{
    [Fact]
    public void IssuedCertificateChainsToTheRoot()
    {
        var pki = new TestPki();
        var leaf = pki.Issue(new CertificateSpec());

        leaf.Certificate.Verify(pki.Intermediate.Certificate.GetPublicKey());
        pki.Intermediate.Certificate.Verify(pki.Root.Certificate.GetPublicKey());
        Assert.Equal(pki.Intermediate.Certificate.SubjectDN, leaf.Certificate.IssuerDN);
    }
}
