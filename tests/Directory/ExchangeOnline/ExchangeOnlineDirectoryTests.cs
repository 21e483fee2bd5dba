using SmimeAddin.Certificates;
using SmimeAddin.Directory;
using SmimeAddin.Directory.ExchangeOnline;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.Directory.ExchangeOnline;

/// <summary>The Exchange Online adapter run for real through the PowerShell engine against the test module: each
/// test has its own organization, so tests neither share state nor depend on order.</summary>
public sealed class ExchangeOnlineDirectoryTests
{
    private static readonly TestPki Pki = new("Exchange");
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task FindsMailboxesMailUsersAndContactsByPrimaryAndProxyAddressIgnoringCase()
    {
        using var exchange = new TestExchange();
        exchange.AddMailbox("Alice Martin", "alice@contoso.example", "a.martin@contoso.example");
        exchange.AddMailUser("Bob Guest", "bob@partner.example");
        exchange.AddContact("CravateRouge_SMIME", "jean@cravate-rouge.example");
        exchange.AddGroup("Sales", "sales@contoso.example");
        exchange.AddMailbox("Nobody Asked", "nobody@contoso.example");
        var aliceCertificate = Pki.Issue(new CertificateSpec { SanEmails = ["alice@contoso.example"] }).Der;
        var jeanCertificate = Pki.Issue(new CertificateSpec { Subject = "CN=Jean", SanEmails = ["jean@cravate-rouge.example"] });
        var jeanPkcs7 = SampleFiles.CertificatesOnly(jeanCertificate.Certificate, Pki.Intermediate.Certificate);
        exchange.Publish("Alice Martin", [aliceCertificate]);
        exchange.Publish("CravateRouge_SMIME", [jeanCertificate.Der], [jeanPkcs7]);
        using var directory = exchange.Directory();

        var found = await directory.FindRecipientsAsync(
            ["A.MARTIN@contoso.example", "bob@PARTNER.example", " jean@cravate-rouge.example ", "sales@contoso.example", "unknown@contoso.example"], Ct);

        Assert.Equal(["Alice Martin", "Bob Guest", "CravateRouge_SMIME", "Sales"], found.Select(r => r.Name).Order());
        var alice = found.Single(r => r.Name == "Alice Martin");
        Assert.Equal(RecipientKind.Mailbox, alice.Kind);
        Assert.Equal("alice@contoso.example", alice.PrimarySmtpAddress);
        Assert.Equal(["alice@contoso.example", "a.martin@contoso.example"], alice.EmailAddresses);
        Assert.Equal(aliceCertificate, Assert.Single(alice.UserCertificates));
        Assert.Equal(RecipientKind.MailUser, found.Single(r => r.Name == "Bob Guest").Kind);
        var jean = found.Single(r => r.Name == "CravateRouge_SMIME");
        Assert.Equal(RecipientKind.MailContact, jean.Kind);
        Assert.Equal(jeanCertificate.Der, Assert.Single(jean.UserCertificates));
        Assert.Equal(jeanPkcs7, Assert.Single(jean.UserSmimeCertificates));
        Assert.Equal(RecipientKind.Group, found.Single(r => r.Name == "Sales").Kind);
    }

    [Fact]
    public async Task ConnectsOncePerPooledRunspaceNotPerCall()
    {
        using var exchange = new TestExchange();
        exchange.AddMailbox("Alice Martin", "alice@contoso.example");
        using var directory = exchange.Directory(poolSize: 2);

        for (var i = 0; i < 5; i++)
            await directory.FindRecipientsAsync(["alice@contoso.example"], Ct);
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => directory.FindRecipientsAsync(["alice@contoso.example"], Ct)));

        Assert.InRange(exchange.Calls("Connect-ExchangeOnline"), 1, 2);
        Assert.Equal(11, exchange.Calls("Get-Recipient"));
        Assert.False(exchange.LastShowBanner);
    }

    [Fact]
    public async Task LooksUp500AddressesInOneCallPerKindAndChunkOf50()
    {
        using var exchange = new TestExchange();
        var addresses = Enumerable.Range(0, 500).Select(i => $"user{i}@contoso.example").ToList();
        for (var i = 0; i < 500; i += 7)
            exchange.AddMailbox($"User {i}", addresses[i]);
        for (var i = 3; i < 500; i += 11)
            exchange.AddContact($"User{i}_SMIME", $"other{i}@partner.example");
        using var directory = exchange.Directory(chunkSize: 50);

        var found = await directory.FindRecipientsAsync(addresses, Ct);

        Assert.Equal(Enumerable.Range(0, 500).Count(i => i % 7 == 0), found.Count);
        Assert.Equal([10, 10, 10, 10], new[] { "Get-Recipient", "Get-Mailbox", "Get-MailUser", "Get-MailContact" }.Select(exchange.Calls));
        Assert.All(exchange.Filters, filter => Assert.StartsWith("EmailAddresses -eq 'smtp:", filter));
    }

    [Fact]
    public async Task ListsEveryMailContactWithItsCertificatesInOneCallPastTheDefaultThousand()
    {
        using var exchange = new TestExchange();
        for (var i = 0; i < 1100; i++)
            exchange.AddContact($"Person{i}_SMIME", $"person{i}@partner.example");
        var certificate = Pki.Issue(new CertificateSpec { SanEmails = ["person7@partner.example"] });
        exchange.Publish("Person7_SMIME", [certificate.Der]);
        exchange.AddMailbox("Alice Martin", "alice@contoso.example");
        using var directory = exchange.Directory();

        var contacts = await directory.ListAsync(RecipientKind.MailContact, Ct);

        Assert.Equal(1100, contacts.Count);
        Assert.Equal(certificate.Der, Assert.Single(contacts.Single(c => c.Name == "Person7_SMIME").UserCertificates));
        Assert.Equal(1, exchange.Calls("Get-MailContact"));
    }

    [Fact]
    public async Task ARecipientItsKindsFilteredReadMissesIsReadAgainByIdentityWithItsCertificates()
    {
        using var exchange = new TestExchange();
        exchange.AddContact("Lena_SMIME", "lena@partner.example");
        var certificate = Pki.Issue(new CertificateSpec { SanEmails = ["lena@partner.example"] });
        exchange.Publish("Lena_SMIME", [certificate.Der]);
        exchange.HideFromKindReads("Lena_SMIME");
        using var directory = exchange.Directory();

        var found = Assert.Single(await directory.FindRecipientsAsync(["lena@partner.example"], Ct));

        Assert.Equal(certificate.Der, Assert.Single(found.UserCertificates));
        Assert.Equal(2, exchange.Calls("Get-MailContact")); // the filtered read, then the one by identity
    }

    [Fact]
    public async Task ARecipientItsKindsReadsNeverReturnIsUnreadableNotTakenForOneWithoutCertificates()
    {
        using var exchange = new TestExchange();
        exchange.AddMailbox("Alice Martin", "alice@contoso.example");
        exchange.HideFromKindReads("Alice Martin", byIdentityToo: true);
        using var directory = exchange.Directory();

        var failure = await Assert.ThrowsAsync<DirectoryException>(() => directory.FindRecipientsAsync(["alice@contoso.example"], Ct));

        Assert.Equal(DirectoryFailure.Unreadable, failure.Failure);
    }

    [Fact]
    public async Task EscapesASingleQuoteInAnAddressAndStillFindsIt()
    {
        using var exchange = new TestExchange();
        exchange.AddContact("OBrien_SMIME", "o'brien@partner.example");
        using var directory = exchange.Directory();

        var found = await directory.FindRecipientsAsync(["o'brien@partner.example", "x' -or Name -like '*"], Ct);

        Assert.Equal("OBrien_SMIME", Assert.Single(found).Name);
        Assert.Contains("EmailAddresses -eq 'smtp:o''brien@partner.example'", exchange.Filters);
    }

    [Fact]
    public async Task AnAddressWithATypographicApostropheIsFoundWithTheApostropheSentAsItIs()
    {
        using var exchange = new TestExchange();
        exchange.AddContact("OBrien_SMIME", "o\u2019brien@partner.example");
        using var directory = exchange.Directory();

        var found = await directory.FindRecipientsAsync(["o\u2019brien@partner.example"], Ct);

        Assert.Equal("OBrien_SMIME", Assert.Single(found).Name);
        Assert.Equal(["EmailAddresses -eq 'smtp:o\u2019brien@partner.example'"], exchange.Filters.Take(1));
    }

    [Fact]
    public async Task ANameWithATypographicApostropheIsFoundByIdentity()
    {
        using var exchange = new TestExchange();
        exchange.AddMailbox("Siobh\u00e1n O\u2019Brien", "siobhan@contoso.example");
        using var directory = exchange.Directory();

        var found = await directory.GetRecipientAsync("Siobh\u00e1n O\u2019Brien", Ct);

        Assert.Equal("siobhan@contoso.example", found!.PrimarySmtpAddress);
    }

    [Fact]
    public async Task LooksUp450AddressesInChunksOf200SoNoFilterHasMoreThan200SubFilters()
    {
        using var exchange = new TestExchange();
        var addresses = Enumerable.Range(0, 450).Select(i => $"user{i}@contoso.example").ToList();
        exchange.AddMailbox("User 449", addresses[449]);
        using var directory = exchange.Directory(chunkSize: 200);

        var found = await directory.FindRecipientsAsync(addresses, Ct);

        Assert.Equal("User 449", Assert.Single(found).Name);
        Assert.Equal(3, exchange.Calls("Get-Recipient"));
        Assert.Equal([.. Enumerable.Repeat(50, 4), .. Enumerable.Repeat(200, 8)], exchange.Filters.Select(f => f.Split(" -or ").Length).Order());
    }

    [Fact]
    public void AFilterOfMoreThan200AddressesIsNeverBuilt()
    {
        var addresses = Enumerable.Range(0, 201).Select(i => $"user{i}@contoso.example");

        var failure = Assert.Throws<ArgumentException>(() => SmimeAddin.Directory.ExchangeOnline.RecipientFilter.AnyAddress(addresses));

        Assert.StartsWith("A filter holds at most 200 addresses; 201 were given.", failure.Message);
    }

    [Fact]
    public async Task CreatesAMailContact()
    {
        using var exchange = new TestExchange();
        using var directory = exchange.Directory();

        var created = await directory.CreateMailContactAsync(new NewMailContact("CravateRouge_SMIME", "Jean (S/MIME)", "jean@cravate-rouge.example"), Ct);

        Assert.Equal(RecipientKind.MailContact, created.Kind);
        Assert.Equal("CravateRouge_SMIME", created.Name);
        Assert.Equal("Jean (S/MIME)", created.DisplayName);
        Assert.Equal("jean@cravate-rouge.example", created.PrimarySmtpAddress);
        var found = Assert.Single(await directory.FindRecipientsAsync(["jean@cravate-rouge.example"], Ct));
        Assert.Equal(created.Identity, found.Identity);
    }

    [Fact]
    public async Task CreatingAContactWhoseNameIsTakenFailsWithAlreadyExists()
    {
        using var exchange = new TestExchange();
        exchange.AddContact("CravateRouge_SMIME", "jean@cravate-rouge.example");
        using var directory = exchange.Directory();

        var failure = await Assert.ThrowsAsync<DirectoryException>(() =>
            directory.CreateMailContactAsync(new NewMailContact("CravateRouge_SMIME", "Jean", "other@cravate-rouge.example"), Ct));

        Assert.Equal(DirectoryFailure.AlreadyExists, failure.Failure);
    }

    [Fact]
    public async Task SetsCertificatesOnAContactAndReadsThemBackByteForByte()
    {
        using var exchange = new TestExchange();
        exchange.AddContact("CravateRouge_SMIME", "jean@cravate-rouge.example");
        using var directory = exchange.Directory();
        var certificate = Pki.Issue(new CertificateSpec { SanEmails = ["jean@cravate-rouge.example"] });
        var pkcs7 = SampleFiles.CertificatesOnly(certificate.Certificate, Pki.Intermediate.Certificate);

        await directory.SetCertificatesAsync("CravateRouge_SMIME", RecipientKind.MailContact, new([certificate.Der], [pkcs7]), Ct);
        var read = await directory.GetRecipientAsync("CravateRouge_SMIME", Ct);

        Assert.NotNull(read);
        Assert.Equal(certificate.Der, Assert.Single(read.UserCertificates));
        Assert.Equal(pkcs7, Assert.Single(read.UserSmimeCertificates));
    }

    [Fact]
    public async Task SetsCertificatesOnAMailboxByTheIdentityFoundAndReadsThemBack()
    {
        using var exchange = new TestExchange();
        exchange.AddMailbox("Alice Martin", "alice@contoso.example");
        using var directory = exchange.Directory();
        var certificates = new[] { Pki.Issue(new CertificateSpec()).Der, Pki.Issue(new CertificateSpec()).Der };
        var alice = Assert.Single(await directory.FindRecipientsAsync(["alice@contoso.example"], Ct));

        await directory.SetCertificatesAsync(alice.Identity, alice.Kind, new(certificates, []), Ct);
        var read = Assert.Single(await directory.FindRecipientsAsync(["alice@contoso.example"], Ct));

        Assert.Equal(certificates, read.UserCertificates);
        Assert.Empty(read.UserSmimeCertificates);
        Assert.Equal(1, exchange.Calls("Set-Mailbox"));
    }

    [Fact]
    public async Task SettingCertificatesOfAnUnknownIdentityFailsWithNotFound()
    {
        using var exchange = new TestExchange();
        using var directory = exchange.Directory();

        var failure = await Assert.ThrowsAsync<DirectoryException>(() =>
            directory.SetCertificatesAsync("Ghost_SMIME", RecipientKind.MailContact, new([Pki.Issue(new CertificateSpec()).Der], []), Ct));

        Assert.Equal(DirectoryFailure.NotFound, failure.Failure);
    }

    [Fact]
    public async Task GettingAnUnknownIdentityAnswersNull()
    {
        using var exchange = new TestExchange();
        using var directory = exchange.Directory();

        Assert.Null(await directory.GetRecipientAsync("nobody@contoso.example", Ct));
    }

    [Fact]
    public async Task StoresTheIssuingCaListAndReadsTheSameBytesBack()
    {
        using var exchange = new TestExchange();
        using var directory = exchange.Directory();
        var store = SerializedStore.FromCertificates([Pki.Root.Der, Pki.Intermediate.Der]).Write();

        Assert.Null(await directory.GetIssuingCaStoreAsync(Ct));
        await directory.SetIssuingCaStoreAsync(store, Ct);

        Assert.Equal(store, await directory.GetIssuingCaStoreAsync(Ct));
    }

    [Fact]
    public async Task ThrottlingFailsWithThrottledAndTheBackoffExchangeSuggests()
    {
        using var exchange = new TestExchange();
        using var directory = exchange.Directory();
        await directory.FindRecipientsAsync(["alice@contoso.example"], Ct);
        var connected = exchange.Calls("Connect-ExchangeOnline");
        exchange.Throttle(calls: 1, backoff: TimeSpan.FromSeconds(30));

        var failure = await Assert.ThrowsAsync<DirectoryException>(() => directory.FindRecipientsAsync(["alice@contoso.example"], Ct));

        Assert.Equal(DirectoryFailure.Throttled, failure.Failure);
        Assert.Equal(TimeSpan.FromSeconds(30), failure.RetryAfter); // over the 5 s a user's request may wait: not retried
        Assert.Empty(await directory.FindRecipientsAsync(["alice@contoso.example"], Ct)); // the session survived
        Assert.Equal(connected, exchange.Calls("Connect-ExchangeOnline"));
    }

    [Fact]
    public async Task AnOutageLongerThanTheRetryBudgetFailsUnavailableAndTheSameSessionAnswersWhenItIsBack()
    {
        using var exchange = new TestExchange();
        exchange.AddMailbox("Alice Martin", "alice@contoso.example");
        var options = exchange.Options(poolSize: 1);
        options.CallRetryBudget = TimeSpan.Zero;
        using var directory = exchange.Directory(options);
        await directory.FindRecipientsAsync(["alice@contoso.example"], Ct);
        exchange.Unavailable = true;

        var failure = await Assert.ThrowsAsync<DirectoryException>(() => directory.FindRecipientsAsync(["alice@contoso.example"], Ct));
        exchange.Unavailable = false;

        Assert.Equal(DirectoryFailure.Unavailable, failure.Failure);
        Assert.Equal("Alice Martin", Assert.Single(await directory.FindRecipientsAsync(["alice@contoso.example"], Ct)).Name);
        Assert.Equal(1, exchange.Calls("Connect-ExchangeOnline")); // an outage is no reason to connect again
    }

    [Fact]
    public async Task ReconnectsOnceWhenTheSessionHasExpiredAndAnswers()
    {
        using var exchange = new TestExchange();
        exchange.AddMailbox("Alice Martin", "alice@contoso.example");
        using var directory = exchange.Directory(poolSize: 1);
        await directory.FindRecipientsAsync(["alice@contoso.example"], Ct);
        exchange.ExpireSessions();

        var found = await directory.FindRecipientsAsync(["alice@contoso.example"], Ct);

        Assert.Equal("Alice Martin", Assert.Single(found).Name);
        Assert.Equal(2, exchange.Calls("Connect-ExchangeOnline"));
    }

    [Fact]
    public async Task AMissingModuleFailsWithHowToInstallIt()
    {
        using var exchange = new TestExchange();
        var empty = System.IO.Directory.CreateTempSubdirectory("smimeaddin-nomodule-").FullName;
        try
        {
            using var directory = exchange.Directory(modulePath: empty);

            var failure = await Assert.ThrowsAsync<DirectoryException>(() => directory.FindRecipientsAsync(["alice@contoso.example"], Ct));

            Assert.Equal(DirectoryFailure.Unavailable, failure.Failure);
            Assert.Contains("Save-Module ExchangeOnlineManagement", failure.Message);
            Assert.Contains("Install-Module ExchangeOnlineManagement", failure.Message);
        }
        finally
        {
            System.IO.Directory.Delete(empty);
        }
    }

    [Fact]
    public async Task CancellingStopsTheCall()
    {
        using var exchange = new TestExchange();
        using var directory = exchange.Directory();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => directory.FindRecipientsAsync(["alice@contoso.example"], cancelled.Token));
    }
}
