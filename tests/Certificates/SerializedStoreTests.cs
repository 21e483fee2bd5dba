using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using SmimeAddin.Certificates;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.Certificates;

public sealed class SerializedStoreTests
{
    private const string Header = "0000000043455254";
    private const string End = "000000000000000000000000";
    /// <summary>A 1-byte certificate element: the reader does not parse DER.</summary>
    private const string Cert = "20000000" + "01000000" + "01000000" + "30";
    private const string HashProperty = "03000000" + "01000000" + "01000000" + "AA";

    // Wine dlls/crypt32/tests/store.c `serializedStoreWithCert`: what CertSaveStore(CERT_STORE_SAVE_AS_STORE)
    // writes on Windows for one property-less 124-byte certificate (Wine checks it against real Windows).
    private static readonly byte[] WineStoreWithCert = Convert.FromHexString(
        "000000004345525420000000010000007C000000307A020101300206003015311330110603550403130A4A75616E204C" +
        "616E67003022180F31363031303130313030303030305A180F31363031303130313030303030305A3015311330110603" +
        "550403130A4A75616E204C616E6700300730020600030100A316301430120603551D130101FF040830060101FF020101" +
        "000000000000000000000000");

    // Same file, `serializedStoreWithCertAndCRL`: the certificate above, then a 71-byte CRL (element 33).
    private static readonly byte[] WineStoreWithCertAndCrl = Convert.FromHexString(
        "000000004345525420000000010000007C000000307A020101300206003015311330110603550403130A4A75616E204C" +
        "616E67003022180F31363031303130313030303030305A180F31363031303130313030303030305A3015311330110603" +
        "550403130A4A75616E204C616E6700300730020600030100A316301430120603551D130101FF040830060101FF020101" +
        "2100000001000000470000003045302C300206003015311330110603550403130A4A75616E204C616E6700180F313630" +
        "31303130313030303030305A300206000311000F0E0D0C0B0A09080706050403020100000000000000000000000000");

    private static byte[] WindowsStore => File.ReadAllBytes(TestData("windows-pinrules.sst"));

    private static string[] WindowsThumbprints => File.ReadLines(TestData("windows-pinrules.certs.tsv"))
        .Where(line => !line.StartsWith('#'))
        .Select(line => line.Split('\t')[1])
        .ToArray();

    [Fact]
    public void TheWindowsTestFileIsTheOneItsReadmeDescribes()
    {
        Assert.Equal("d84626cc2adb960111a9368a3746f4f3cc80d999", Convert.ToHexStringLower(SHA1.HashData(WindowsStore)));
        Assert.Equal(12, WindowsThumbprints.Length);
    }

    [Fact]
    public void ReadingAWindowsStoreGivesItsCertificatesInFileOrder()
    {
        var store = ReadValid(WindowsStore);

        Assert.Equal(WindowsThumbprints, store.CertificateDers.Select(der => Convert.ToHexString(SHA1.HashData(der))));
    }

    [Fact]
    public void EachWindowsCertificateCarriesItsHashAsTheOnlyProperty()
    {
        var store = ReadValid(WindowsStore);

        Assert.All(store.Entries, entry =>
        {
            var property = Assert.Single(entry.Properties);
            Assert.Equal(3u, property.Id);
            Assert.Equal(SHA1.HashData(entry.Body.Value), property.Value);
            Assert.Null(entry.FriendlyName);
        });
    }

    [Fact]
    public void WritingAWindowsStoreBackGivesTheSameBytes()
    {
        var bytes = WindowsStore;

        Assert.Equal(bytes, ReadValid(bytes).Write());
    }

    [Fact]
    public void BuildingAStoreFromCertificatesWritesWhatWindowsWrites()
    {
        var bytes = WindowsStore;

        Assert.Equal(bytes, SerializedStore.FromCertificates(ReadValid(bytes).CertificateDers).Write());
    }

    [Fact]
    public void ReadingWinesStoreWithOneCertificateGivesAPropertylessCertificate()
    {
        var entry = Assert.Single(ReadValid(WineStoreWithCert).Entries);

        Assert.True(entry.IsCertificate);
        Assert.Empty(entry.Properties);
        Assert.Equal(124, entry.Body.Value.Length);
        Assert.Equal(1u, entry.Body.EncodingType);
    }

    [Fact]
    public void WritingWinesStoreWithOneCertificateBackGivesTheSameBytes()
    {
        Assert.Equal(WineStoreWithCert, ReadValid(WineStoreWithCert).Write());
    }

    [Fact]
    public void ACrlIsReadAndKeptButNotCountedAsACertificate()
    {
        var store = ReadValid(WineStoreWithCertAndCrl);

        Assert.Equal([32u, 33u], store.Entries.Select(e => e.Body.Id));
        Assert.Single(store.CertificateDers);
        Assert.Equal(WineStoreWithCertAndCrl, store.Write());
    }

    [Fact]
    public void UnknownPropertiesAreKeptInFileOrderWithTheCertificateThatFollowsThem()
    {
        var bytes = StoreOf(Element(29, [1, 2]), Element(11, FriendlyName("Alice")), Element(83, []),
            Element(126, [3], encoding: 0), Element(999, [4, 5, 6]), Element(32, [0x30, 0x00]));

        var entry = Assert.Single(ReadValid(bytes).Entries);

        Assert.Equal([29u, 11u, 83u, 126u, 999u], entry.Properties.Select(p => p.Id));
        Assert.Equal(0u, entry.Properties[3].EncodingType);
        Assert.Equal([0x30, 0x00], entry.Body.Value);
    }

    [Fact]
    public void UnknownPropertiesSurviveARoundTripByteForByte()
    {
        var bytes = StoreOf(Element(29, [1, 2]), Element(11, FriendlyName("Alice")), Element(83, []),
            Element(126, [3], encoding: 0), Element(999, [4, 5, 6]), Element(32, [0x30, 0x00]),
            Element(126, [7]), Element(32, [0x30, 0x01]));

        Assert.Equal(bytes, ReadValid(bytes).Write());
    }

    [Fact]
    public void TheFriendlyNameIsReadUpToItsNul()
    {
        var bytes = StoreOf(Element(11, FriendlyName("Autorité racine — Ünïcødé")), Element(32, [0x30]));

        Assert.Equal("Autorité racine — Ünïcødé", Assert.Single(ReadValid(bytes).Entries).FriendlyName);
    }

    [Fact]
    public void AnElementWithIdZeroThatIsNotAllZeroIsAPropertyNotTheEnd()
    {
        var bytes = Convert.FromHexString(Header + "00000000" + "01000000" + "00000000" + Cert + End);

        var entry = Assert.Single(ReadValid(bytes).Entries);

        Assert.Equal(0u, Assert.Single(entry.Properties).Id);
        Assert.Equal(bytes, ReadValid(bytes).Write());
    }

    [Fact]
    public void AStoreWithNoEntriesIsTheHeaderAndTheEndElement()
    {
        var bytes = SerializedStore.FromCertificates([]).Write();

        Assert.Equal(Header + End, Convert.ToHexString(bytes));
        Assert.Empty(ReadValid(bytes).Entries);
    }

    [Fact]
    public void CertificatesFromTheTestPkiRoundTripThroughAStore()
    {
        var pki = new TestPki();
        byte[][] ders = [pki.Root.Der, pki.Intermediate.Der, pki.Issue(new CertificateSpec()).Der];

        var store = ReadValid(SerializedStore.FromCertificates(ders).Write());

        Assert.Equal(ders, store.CertificateDers);
        Assert.All(store.Entries, e => Assert.Equal(SHA1.HashData(e.Body.Value), Assert.Single(e.Properties).Value));
    }

    [Theory]
    // The upload reader refuses empty files before this one; an empty array is a cut header, like any prefix of it.
    [InlineData("", SstReadError.Truncated)]
    [InlineData("00000000434552", SstReadError.Truncated)]
    [InlineData("0000000043455253", SstReadError.WrongHeader)]
    [InlineData("01000000434552540000000000000000", SstReadError.WrongHeader)]
    [InlineData("308203", SstReadError.WrongHeader)]
    [InlineData(Header + "2000000001000000", SstReadError.Truncated)]
    [InlineData(Header + "20000000" + "01000000" + "05000000" + "3082", SstReadError.Truncated)]
    [InlineData(Header + "20000000" + "01000000" + "FFFFFFFF" + "30" + End, SstReadError.Truncated)]
    [InlineData(Header + "20000000" + "01000000" + "00000080" + "30" + End, SstReadError.Truncated)]
    [InlineData(Header + Cert + "0000000000", SstReadError.Truncated)]
    [InlineData(Header, SstReadError.MissingEnd)]
    [InlineData(Header + Cert, SstReadError.MissingEnd)]
    [InlineData(Header + HashProperty, SstReadError.MissingEnd)]
    [InlineData(Header + Cert + End + "00", SstReadError.TrailingBytes)]
    [InlineData(Header + Cert + End + End, SstReadError.TrailingBytes)]
    [InlineData(Header + HashProperty + End, SstReadError.DanglingProperties)]
    // Wine's reading (properties after their certificate) is not the spec's: they dangle at the end.
    [InlineData(Header + Cert + HashProperty + End, SstReadError.DanglingProperties)]
    [InlineData(Header + "00000000" + "01000000" + "00000000" + End, SstReadError.DanglingProperties)]
    public void MalformedStoresAreRefusedWithAReason(string hex, SstReadError expected)
    {
        var result = SerializedStore.Read(Convert.FromHexString(hex));

        Assert.Null(result.Store);
        Assert.Equal(expected, result.Error);
    }

    [Fact]
    public void EveryCutOfAValidStoreIsRefusedAsTruncatedOrMissingEnd()
    {
        for (var length = 0; length < WineStoreWithCert.Length; length++)
        {
            var error = SerializedStore.Read(WineStoreWithCert.AsSpan(0, length)).Error;

            Assert.True(error is SstReadError.Truncated or SstReadError.MissingEnd, $"{length} bytes gave {error}");
        }
    }

    [Theory]
    [InlineData(Header + End, true)]
    [InlineData(Header, true)]
    [InlineData("00000000434552", false)]
    [InlineData("", false)]
    [InlineData("3082", false)]
    public void HasHeaderLooksOnlyAtTheFirstEightBytes(string hex, bool expected)
    {
        Assert.Equal(expected, SerializedStore.HasHeader(Convert.FromHexString(hex)));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(3u)]
    public void AStoreCannotBeBuiltWithAnEntryWhoseBodyIsNotACertificateCrlOrCtl(uint id)
    {
        var entry = new SstEntry([], new SstElement(id, 1, [0x30]));

        Assert.Throws<ArgumentException>(() => new SerializedStore([entry]));
    }

    [Fact]
    public void AStoreCannotBeBuiltWithAPropertyThatWouldReadAsTheEnd()
    {
        var entry = new SstEntry([new SstElement(0, 0, [])], new SstElement(32, 1, [0x30]));

        Assert.Throws<ArgumentException>(() => new SerializedStore([entry]));
    }

    private static SerializedStore ReadValid(byte[] bytes)
    {
        var result = SerializedStore.Read(bytes);
        Assert.Null(result.Error);
        return result.Store!;
    }

    private static string TestData(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    private static byte[] FriendlyName(string name) => Encoding.Unicode.GetBytes(name + "\0");

    /// <summary>An element as the spec lays it out, written here independently of the codec under test.</summary>
    private static byte[] Element(uint id, byte[] value, uint encoding = 1)
    {
        var bytes = new byte[12 + value.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, id);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), encoding);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)value.Length);
        value.CopyTo(bytes, 12);
        return bytes;
    }

    private static byte[] StoreOf(params byte[][] elements) =>
        [.. Convert.FromHexString(Header), .. elements.SelectMany(e => e), .. Convert.FromHexString(End)];
}
