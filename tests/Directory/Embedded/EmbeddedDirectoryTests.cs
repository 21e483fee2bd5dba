using SmimeAddin.Certificates;
using SmimeAddin.Directory;
using SmimeAddin.Directory.Embedded;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.Directory.Embedded;

public sealed class EmbeddedDirectoryTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private TestDatabase database = null!;
    private EmbeddedDirectory directory = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.MigratedAsync();
        directory = new EmbeddedDirectory(database, TimeProvider.System, TestMetrics.Create());
    }

    public Task DisposeAsync()
    {
        database.Dispose();
        return Task.CompletedTask;
    }

    private async Task AddMailboxAsync(string name, params string[] addresses)
    {
        await using var db = database.CreateDbContext();
        db.DirectoryRecipients.Add(new EmbeddedRecipient
        {
            Kind = RecipientKind.Mailbox,
            Name = name,
            NormalizedName = EmbeddedRecipient.Normalize(name),
            DisplayName = name,
            Addresses = [.. addresses.Select((a, i) => new EmbeddedAddress { Address = a, NormalizedAddress = EmbeddedRecipient.Normalize(a), IsPrimary = i == 0 })],
        });
        await db.SaveChangesAsync();
    }

    private Task<DirectoryRecipient> CreateContactAsync(string name, string address) =>
        directory.CreateMailContactAsync(new NewMailContact(name, name, address), None);

    private static RecipientCertificates Certificates(int userCertificates, params int[] smimeSizes) => new(
        [.. Enumerable.Range(1, userCertificates).Select(i => new[] { (byte)i })],
        [.. smimeSizes.Select(size => new byte[size])]);

    private static byte[] Store(params IssuedCertificate[] cas) => SerializedStore.FromCertificates(cas.Select(c => c.Der)).Write();

    [Fact]
    public async Task FindRecipientsMatchesPrimaryAndProxyAddressesInAnyCase()
    {
        await AddMailboxAsync("marc.dupont", "Marc.Dupont@contoso.example", "m.dupont@contoso.example");
        await AddMailboxAsync("ada.admin", "ada.admin@contoso.example");
        await CreateContactAsync("CravateRouge_SMIME", "cravate.rouge@fabrikam.example");

        var found = await directory.FindRecipientsAsync(["M.DUPONT@contoso.example", "Cravate.Rouge@Fabrikam.example", "paul.nobody@northwind.example"], None);

        Assert.Equal(["marc.dupont", "CravateRouge_SMIME"], found.Select(r => r.Name));
        Assert.Equal(["Marc.Dupont@contoso.example", "m.dupont@contoso.example"], found[0].EmailAddresses);
        Assert.Equal("Marc.Dupont@contoso.example", found[0].PrimarySmtpAddress);
    }

    [Fact]
    public async Task FindRecipientsAsksTheDatabaseOnceHoweverManyAddresses()
    {
        await AddMailboxAsync("ada.admin", "ada.admin@contoso.example");
        var counter = new QueryCounter();
        var counted = new EmbeddedDirectory(database.With(counter), TimeProvider.System, TestMetrics.Create());
        var addresses = Enumerable.Range(0, 500).Select(i => $"user{i}@contoso.example").Append("ada.admin@contoso.example").ToList();

        var found = await counted.FindRecipientsAsync(addresses, None);

        Assert.Single(found);
        Assert.Equal(1, counter.Count);
    }

    [Fact]
    public async Task FindRecipientsOfNoAddressesFindsNobody() =>
        Assert.Empty(await directory.FindRecipientsAsync([], None));

    [Theory]
    [InlineData("cravaterouge_smime")]
    [InlineData("CRAVATE.ROUGE@fabrikam.example")]
    public async Task GetRecipientFindsByNameOrAddressInAnyCase(string identity)
    {
        await CreateContactAsync("CravateRouge_SMIME", "cravate.rouge@fabrikam.example");

        var recipient = await directory.GetRecipientAsync(identity, None);

        Assert.Equal("CravateRouge_SMIME", recipient?.Identity);
    }

    [Fact]
    public async Task GetRecipientOfAnUnknownIdentityIsNull() =>
        Assert.Null(await directory.GetRecipientAsync("paul.nobody@northwind.example", None));

    [Fact]
    public async Task CreatedContactHasItsExternalAddressAsPrimarySmtpAddress()
    {
        var created = await directory.CreateMailContactAsync(new NewMailContact("CravateRouge_SMIME", "Cravate Rouge", "cravate.rouge@fabrikam.example"), None);

        var read = await directory.GetRecipientAsync("CravateRouge_SMIME", None);
        Assert.Equivalent(created, read, strict: true);
        Assert.Equal((RecipientKind.MailContact, "Cravate Rouge", "cravate.rouge@fabrikam.example"), (read!.Kind, read.DisplayName, read.PrimarySmtpAddress));
        Assert.Equal(["cravate.rouge@fabrikam.example"], read.EmailAddresses);
        Assert.Empty(read.UserCertificates);
    }

    [Fact]
    public async Task CreatingAContactWithATakenNameInAnyCaseIsAlreadyExists()
    {
        await CreateContactAsync("CravateRouge_SMIME", "cravate.rouge@fabrikam.example");

        var failure = await Assert.ThrowsAsync<DirectoryException>(() => CreateContactAsync("cravaterouge_smime", "other@fabrikam.example"));

        Assert.Equal(DirectoryFailure.AlreadyExists, failure.Failure);
    }

    [Fact]
    public async Task CreatingAContactForAnAddressAnotherRecipientHasIsAlreadyExists()
    {
        await AddMailboxAsync("marc.dupont", "marc.dupont@contoso.example", "m.dupont@contoso.example");

        var failure = await Assert.ThrowsAsync<DirectoryException>(() => CreateContactAsync("Marc_SMIME", "M.Dupont@contoso.example"));

        Assert.Equal(DirectoryFailure.AlreadyExists, failure.Failure);
    }

    [Fact]
    public async Task TwoDirectoriesCreatingOneContactAtOnceMakeOneAndRefuseTheOther()
    {
        var first = new EmbeddedDirectory(database.With(), TimeProvider.System, TestMetrics.Create());
        var second = new EmbeddedDirectory(database.With(), TimeProvider.System, TestMetrics.Create());
        var contact = new NewMailContact("CravateRouge_SMIME", "Cravate Rouge", "cravate.rouge@fabrikam.example");

        var outcomes = await Task.WhenAll(new[] { first, second }.Select(d => Task.Run(async () =>
        {
            try { return (await d.CreateMailContactAsync(contact, None)).Name; }
            catch (DirectoryException e) { return e.Failure.ToString(); }
        })));

        Assert.Equal(["AlreadyExists", "CravateRouge_SMIME"], outcomes.Order());
    }

    [Theory]
    [InlineData("", "someone@fabrikam.example")]
    [InlineData("A_Name_That_Is_Longer_Than_The_Sixty_Four_Characters_Exchange_Allows", "someone@fabrikam.example")]
    [InlineData("Someone_SMIME", "not an address")]
    [InlineData("Someone_SMIME", "Someone <someone@fabrikam.example>")]
    public async Task CreatingAContactExchangeWouldRefuseIsRejected(string name, string address)
    {
        var failure = await Assert.ThrowsAsync<DirectoryException>(() => CreateContactAsync(name, address));

        Assert.Equal(DirectoryFailure.Rejected, failure.Failure);
    }

    [Fact]
    public async Task SetCertificatesReplacesBothAttributesKeepingTheirOrder()
    {
        await CreateContactAsync("CravateRouge_SMIME", "cravate.rouge@fabrikam.example");
        await directory.SetCertificatesAsync("CravateRouge_SMIME", RecipientKind.MailContact, Certificates(3, 10, 20), None);

        await directory.SetCertificatesAsync("cravate.rouge@fabrikam.example", RecipientKind.MailContact, new([[9], [8]], [[7, 7]]), None);

        var read = await directory.GetRecipientAsync("CravateRouge_SMIME", None);
        Assert.Equal([[9], [8]], read!.UserCertificates);
        Assert.Equal([[7, 7]], read.UserSmimeCertificates);
    }

    [Fact]
    public async Task SetCertificatesOfAnUnknownIdentityIsNotFound()
    {
        var failure = await Assert.ThrowsAsync<DirectoryException>(() =>
            directory.SetCertificatesAsync("Nobody_SMIME", RecipientKind.MailContact, Certificates(1), None));

        Assert.Equal(DirectoryFailure.NotFound, failure.Failure);
    }

    [Fact]
    public async Task SetCertificatesOfAContactAsIfAMailboxIsNotFound()
    {
        await CreateContactAsync("CravateRouge_SMIME", "cravate.rouge@fabrikam.example");

        var failure = await Assert.ThrowsAsync<DirectoryException>(() =>
            directory.SetCertificatesAsync("CravateRouge_SMIME", RecipientKind.Mailbox, Certificates(1), None));

        Assert.Equal(DirectoryFailure.NotFound, failure.Failure);
    }

    [Fact]
    public async Task SetCertificatesRefusesMoreThanFifteenUserCertificates()
    {
        await CreateContactAsync("CravateRouge_SMIME", "cravate.rouge@fabrikam.example");
        await directory.SetCertificatesAsync("CravateRouge_SMIME", RecipientKind.MailContact, Certificates(15), None);

        var failure = await Assert.ThrowsAsync<DirectoryException>(() =>
            directory.SetCertificatesAsync("CravateRouge_SMIME", RecipientKind.MailContact, Certificates(16), None));

        Assert.Equal(DirectoryFailure.Rejected, failure.Failure);
        Assert.Equal(15, (await directory.GetRecipientAsync("CravateRouge_SMIME", None))!.UserCertificates.Count);
    }

    [Fact]
    public async Task SetCertificatesRefusesAUserSmimeCertificateOver32768Bytes()
    {
        await CreateContactAsync("CravateRouge_SMIME", "cravate.rouge@fabrikam.example");
        await directory.SetCertificatesAsync("CravateRouge_SMIME", RecipientKind.MailContact, Certificates(1, 32_768), None);

        var failure = await Assert.ThrowsAsync<DirectoryException>(() =>
            directory.SetCertificatesAsync("CravateRouge_SMIME", RecipientKind.MailContact, Certificates(1, 32_769), None));

        Assert.Equal(DirectoryFailure.Rejected, failure.Failure);
    }

    [Fact]
    public async Task ConcurrentReplacementsLeaveOneOfTheSetsWhole()
    {
        await CreateContactAsync("CravateRouge_SMIME", "cravate.rouge@fabrikam.example");
        RecipientCertificates[] sets = [new([[1], [1]], [[1]]), new([[2], [2], [2]], [[2], [2]])];

        await Task.WhenAll(sets.Select(set => Task.Run(() => new EmbeddedDirectory(database.With(), TimeProvider.System, TestMetrics.Create())
            .SetCertificatesAsync("CravateRouge_SMIME", RecipientKind.MailContact, set, None))));

        var read = (await directory.GetRecipientAsync("CravateRouge_SMIME", None))!;
        static string Show(RecipientCertificates set) =>
            string.Join(",", set.UserCertificates.Select(Convert.ToHexString)) + "/" + string.Join(",", set.UserSmimeCertificates.Select(Convert.ToHexString));
        Assert.Contains(Show(new(read.UserCertificates, read.UserSmimeCertificates)), sets.Select(Show));
    }

    [Fact]
    public async Task IssuingCaStoreIsNullUntilSet() =>
        Assert.Null(await directory.GetIssuingCaStoreAsync(None));

    [Fact]
    public async Task IssuingCaStoreReadsBackTheBytesLastSet()
    {
        var pki = new TestPki();
        await directory.SetIssuingCaStoreAsync(Store(pki.Root), None);
        var replacement = Store(pki.Root, pki.Intermediate);

        await directory.SetIssuingCaStoreAsync(replacement, None);

        Assert.Equal(replacement, await directory.GetIssuingCaStoreAsync(None));
    }

    [Fact]
    public async Task SettingAnIssuingCaStoreWithAnExpiredCaIsRejectedAsExchangeDoes()
    {
        var expired = TestPki.SelfSigned("CN=Expired Root CA", notAfter: DateTime.UtcNow.AddDays(-1));

        var failure = await Assert.ThrowsAsync<DirectoryException>(() => directory.SetIssuingCaStoreAsync(Store(new TestPki().Root, expired), None));

        Assert.Equal(DirectoryFailure.Rejected, failure.Failure);
        Assert.Null(await directory.GetIssuingCaStoreAsync(None));
    }

    [Fact]
    public async Task SettingBytesThatAreNoSerializedStoreIsRejected()
    {
        var failure = await Assert.ThrowsAsync<DirectoryException>(() => directory.SetIssuingCaStoreAsync(new TestPki().Root.Der, None));

        Assert.Equal(DirectoryFailure.Rejected, failure.Failure);
    }
}
