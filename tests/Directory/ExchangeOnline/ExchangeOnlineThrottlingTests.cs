using SmimeAddin.Directory;

namespace SmimeAddin.Tests.Directory.ExchangeOnline;

/// <summary>Exchange throttles single cmdlet calls ("Suggested backoff time N ms"): the adapter retries the call after
/// that backoff, within the operation's retry budget, so an operation of several calls survives steady throttling.</summary>
public sealed class ExchangeOnlineThrottlingTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task ACheckOfSeveralRecipientsAnswersWhileEveryThirdCallIsThrottled()
    {
        using var exchange = new TestExchange();
        exchange.AddMailbox("Alice Martin", "alice@contoso.example");
        exchange.AddMailUser("Bob Guest", "bob@partner.example");
        exchange.AddContact("CravateRouge_SMIME", "jean@cravate-rouge.example");
        exchange.AddGroup("Sales", "sales@contoso.example");
        using var directory = exchange.Directory();
        exchange.ThrottleEvery(3, TimeSpan.FromMilliseconds(20));
        string[] addresses = ["alice@contoso.example", "bob@partner.example", "jean@cravate-rouge.example", "sales@contoso.example"];

        for (var check = 0; check < 3; check++)
            Assert.Equal(4, (await directory.FindRecipientsAsync(addresses, Ct)).Count);

        Assert.True(exchange.Calls("Get-Recipient") > 3, "some Get-Recipient calls were throttled and made again");
    }

    [Fact]
    public async Task AThrottledNewMailContactIsMadeAgainAndCreatesOneContact()
    {
        using var exchange = new TestExchange();
        using var directory = exchange.Directory();
        await directory.FindRecipientsAsync(["someone@contoso.example"], Ct); // connected
        exchange.Throttle(calls: 1, backoff: TimeSpan.FromMilliseconds(20));

        var created = await directory.CreateMailContactAsync(new("LenaStork_SMIME", "Lena Stork", "lena.stork@fabrikam.example"), Ct);

        Assert.Equal("lena.stork@fabrikam.example", created.PrimarySmtpAddress);
        Assert.Equal(2, exchange.Calls("New-MailContact"));
        Assert.Equal(["lena.stork@fabrikam.example"], exchange.ContactAddresses);
    }

    [Fact]
    public async Task ThrottlingLongerThanTheRetryBudgetFailsAsThrottledWithTheLastSuggestedBackoff()
    {
        using var exchange = new TestExchange();
        var options = exchange.Options();
        options.CallRetryBudget = TimeSpan.FromMilliseconds(100);
        using var directory = exchange.Directory(options);
        await directory.FindRecipientsAsync(["alice@contoso.example"], Ct);
        exchange.Throttle(calls: 1000, backoff: TimeSpan.FromMilliseconds(40));

        var failure = await Assert.ThrowsAsync<DirectoryException>(() => directory.FindRecipientsAsync(["alice@contoso.example"], Ct));

        Assert.Equal(DirectoryFailure.Throttled, failure.Failure);
        Assert.Equal(TimeSpan.FromMilliseconds(40), failure.RetryAfter);
        Assert.Equal(1 + 3, exchange.Calls("Get-Recipient")); // waited 40 + 40 ms; 20 ms left is less than the next 40
    }

    [Fact]
    public async Task BackgroundWorkMayWaitLongerThanAUsersRequest()
    {
        using var exchange = new TestExchange();
        var options = exchange.Options();
        options.CallRetryBudget = TimeSpan.Zero;
        options.BackgroundCallRetryBudget = TimeSpan.FromSeconds(1);
        using var directory = exchange.Directory(options);
        await directory.FindRecipientsAsync(["alice@contoso.example"], Ct);
        exchange.Throttle(calls: 1, backoff: TimeSpan.FromMilliseconds(20));
        var forUser = await Assert.ThrowsAsync<DirectoryException>(() => directory.FindRecipientsAsync(["alice@contoso.example"], Ct));
        exchange.Throttle(calls: 1, backoff: TimeSpan.FromMilliseconds(20));

        IReadOnlyList<DirectoryRecipient> inBackground;
        using (DirectoryCallRetry.Background())
            inBackground = await directory.FindRecipientsAsync(["alice@contoso.example"], Ct);

        Assert.Equal(DirectoryFailure.Throttled, forUser.Failure);
        Assert.Empty(inBackground);
    }
}
