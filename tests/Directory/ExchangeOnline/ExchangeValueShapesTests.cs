using System.Collections;
using System.Management.Automation;
using SmimeAddin.Certificates;
using SmimeAddin.Directory;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.Directory.ExchangeOnline;

/// <summary>Certificate values in every shape the module may hand them over (TestModule/README.md, "Value shapes"),
/// read through the real PowerShell engine: each readable shape gives the bytes back, anything else is Unreadable,
/// never "no certificates".</summary>
public sealed class ExchangeValueShapesTests
{
    private static readonly TestPki Pki = new("Shapes");
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly byte[] Der = Pki.Issue(new CertificateSpec { SanEmails = ["jean@cravate-rouge.example"] }).Der;

    /// <summary>The same one certificate, in each shape a readable value may take.</summary>
    private static object? Readable(string shape) => shape switch
    {
        "byte[]" => Der.ToArray(),
        "object[] of byte[]" => new object[] { Der.ToArray() },
        "byte[][]" => new[] { Der.ToArray() },
        "ArrayList of byte[]" => new ArrayList { Der.ToArray() },
        "List of byte[]" => new List<byte[]> { Der.ToArray() },
        "object[] of PSObject-wrapped byte[]" => new object[] { new PSObject(Der.ToArray()) },
        "base64 text" => Convert.ToBase64String(Der),
        "string[] of base64" => new[] { Convert.ToBase64String(Der) },
        "ArrayList of base64" => new ArrayList { Convert.ToBase64String(Der) },
        "object[] of single bytes" => Der.Cast<object>().ToArray(),
        "PSObject-wrapped object[] of byte[]" => new PSObject(new object[] { Der.ToArray() }),
        _ => throw new ArgumentOutOfRangeException(nameof(shape)),
    };

    /// <summary>Shapes the adapter cannot read as certificates.</summary>
    private static object Garbage(string shape) => shape switch
    {
        "a number" => 42,
        "a hashtable" => new Hashtable { ["RawData"] = Der.ToArray() },
        "a custom object" => PSObjectWith("RawData", Der.ToArray()),
        "text that is not base64" => "MII not base64 at all!",
        "a list holding a number" => new object[] { Der.ToArray(), 42 },
        "a list holding a null" => new object?[] { Der.ToArray(), null },
        "a list holding a nested list" => new object[] { new object[] { Der.ToArray() } },
        _ => throw new ArgumentOutOfRangeException(nameof(shape)),
    };

    private static PSObject PSObjectWith(string name, object value)
    {
        var result = new PSObject();
        result.Properties.Add(new PSNoteProperty(name, value));
        return result;
    }

    [Theory]
    [InlineData("byte[]")]
    [InlineData("object[] of byte[]")]
    [InlineData("byte[][]")]
    [InlineData("ArrayList of byte[]")]
    [InlineData("List of byte[]")]
    [InlineData("object[] of PSObject-wrapped byte[]")]
    [InlineData("base64 text")]
    [InlineData("string[] of base64")]
    [InlineData("ArrayList of base64")]
    [InlineData("object[] of single bytes")]
    [InlineData("PSObject-wrapped object[] of byte[]")]
    public async Task AUserCertificateInAnyShapeTheModuleMayUseIsReadByteForByte(string shape)
    {
        using var exchange = new TestExchange();
        exchange.AddContact("CravateRouge_SMIME", "jean@cravate-rouge.example");
        exchange.ReturnAs("CravateRouge_SMIME", "UserCertificate", Readable(shape));
        using var directory = exchange.Directory();

        var found = Assert.Single(await directory.FindRecipientsAsync(["jean@cravate-rouge.example"], Ct));

        Assert.Equal(Der, Assert.Single(found.UserCertificates));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("empty array")]
    [InlineData("empty text")]
    public async Task AnAbsentUserCertificateIsReadAsNoCertificates(string? shape)
    {
        using var exchange = new TestExchange();
        exchange.AddMailbox("Alice Martin", "alice@contoso.example");
        exchange.ReturnAs("Alice Martin", "UserCertificate", shape switch { "empty array" => Array.Empty<object>(), "empty text" => "", _ => null });
        using var directory = exchange.Directory();

        var found = Assert.Single(await directory.FindRecipientsAsync(["alice@contoso.example"], Ct));

        Assert.Empty(found.UserCertificates);
    }

    [Theory]
    [InlineData("a number")]
    [InlineData("a hashtable")]
    [InlineData("a custom object")]
    [InlineData("text that is not base64")]
    [InlineData("a list holding a number")]
    [InlineData("a list holding a null")]
    [InlineData("a list holding a nested list")]
    public async Task AUserSmimeCertificateInAGarbageShapeFromGetMailContactIsUnreadableNamingThePropertyNotItsBytes(string shape)
    {
        using var exchange = new TestExchange();
        exchange.AddContact("CravateRouge_SMIME", "jean@cravate-rouge.example");
        exchange.ReturnAs("CravateRouge_SMIME", "UserSMimeCertificate", Garbage(shape));
        using var directory = exchange.Directory();

        var failure = await Assert.ThrowsAsync<DirectoryException>(() => directory.FindRecipientsAsync(["jean@cravate-rouge.example"], Ct));

        Assert.Equal(DirectoryFailure.Unreadable, failure.Failure);
        Assert.StartsWith("UserSMimeCertificate came back as ", failure.Message);
        Assert.DoesNotContain(Convert.ToBase64String(Der)[..16], failure.Message);
        Assert.DoesNotContain("MII not base64", failure.Message);
    }

    [Fact]
    public async Task AUserCertificateInAGarbageShapeFromGetMailboxIsUnreadableWhenReadByIdentity()
    {
        using var exchange = new TestExchange();
        exchange.AddMailbox("Alice Martin", "alice@contoso.example");
        exchange.ReturnAs("Alice Martin", "UserCertificate", 42);
        using var directory = exchange.Directory();

        var failure = await Assert.ThrowsAsync<DirectoryException>(() => directory.GetRecipientAsync("alice@contoso.example", Ct));

        Assert.Equal(DirectoryFailure.Unreadable, failure.Failure);
        Assert.Equal("UserCertificate came back as System.Int32, a shape this adapter cannot read; it is not read as empty.", failure.Message);
    }

    [Theory]
    [InlineData("byte[]")]
    [InlineData("base64 text")]
    [InlineData("object[] of single bytes")]
    [InlineData("object[] of byte[]")]
    [InlineData("PSObject-wrapped object[] of byte[]")]
    public async Task TheIssuingCaStoreInAnyShapeTheModuleMayUseIsReadByteForByte(string shape)
    {
        using var exchange = new TestExchange();
        var sst = SerializedStore.FromCertificates([Pki.Root.Der]).Write();
        exchange.ReturnIssuingCaAs(shape switch
        {
            "byte[]" => sst.ToArray(),
            "base64 text" => Convert.ToBase64String(sst),
            "object[] of single bytes" => sst.Cast<object>().ToArray(),
            "object[] of byte[]" => new object[] { sst.ToArray() },
            _ => new PSObject(new object[] { sst.ToArray() }),
        });
        using var directory = exchange.Directory();

        Assert.Equal(sst, await directory.GetIssuingCaStoreAsync(Ct));
    }

    [Theory]
    [InlineData("a number")]
    [InlineData("a custom object")]
    [InlineData("text that is not base64")]
    [InlineData("two values")]
    public async Task TheIssuingCaStoreInAGarbageShapeIsUnreadableNeverNone(string shape)
    {
        using var exchange = new TestExchange();
        var sst = SerializedStore.FromCertificates([Pki.Root.Der]).Write();
        exchange.ReturnIssuingCaAs(shape == "two values" ? new object[] { sst.ToArray(), sst.ToArray() } : Garbage(shape));
        using var directory = exchange.Directory();

        var failure = await Assert.ThrowsAsync<DirectoryException>(() => directory.GetIssuingCaStoreAsync(Ct));

        Assert.Equal(DirectoryFailure.Unreadable, failure.Failure);
        Assert.StartsWith("SMIMECertificateIssuingCA came back as ", failure.Message);
    }

    [Fact]
    public async Task NoIssuingCaStoreSetIsReadAsNone()
    {
        using var exchange = new TestExchange();
        using var directory = exchange.Directory();

        Assert.Null(await directory.GetIssuingCaStoreAsync(Ct));
    }
}
