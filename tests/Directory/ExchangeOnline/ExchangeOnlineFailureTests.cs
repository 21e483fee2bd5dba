using SmimeAddin.Directory;
using SmimeAddin.Directory.ExchangeOnline;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.Directory.ExchangeOnline;

/// <summary>How the adapter reads Exchange's errors (by the exception type the REST module puts before the text, never by
/// the names it echoes), a role the app lacks, a refused sign-in, and how sessions end and reconnect: through the real
/// PowerShell engine against the test module, which fails with the texts and records its README cites.</summary>
public sealed class ExchangeOnlineFailureTests
{
    private static readonly TestPki Pki = new("ExchangeFailures");
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task AContactNamedThrottledTomThatIsNotFoundIsNotFound()
    {
        using var exchange = new TestExchange();
        using var directory = exchange.Directory();

        var failure = await Assert.ThrowsAsync<DirectoryException>(() => directory.SetCertificatesAsync(
            "Throttled Tom, suggested backoff time 30000 ms", RecipientKind.MailContact, new([Pki.Issue(new CertificateSpec()).Der], []), Ct));

        Assert.Equal(DirectoryFailure.NotFound, failure.Failure);
        Assert.Null(failure.RetryAfter);
    }

    [Fact]
    public async Task AnUnknownIdentityNamedUnauthorizedAnswersNullWithoutReconnecting()
    {
        using var exchange = new TestExchange();
        using var directory = exchange.Directory(poolSize: 1);

        var found = await directory.GetRecipientAsync("Unauthorized: session expired, run Connect-ExchangeOnline", Ct);

        Assert.Null(found);
        Assert.Equal(1, exchange.Calls("Connect-ExchangeOnline"));
    }

    [Fact]
    public async Task AnIdentityMatchingSeveralEntriesIsRejectedNotNotFound()
    {
        using var exchange = new TestExchange();
        exchange.AddContact("Twin_SMIME", "one@partner.example");
        exchange.AddContact("Twin_SMIME", "two@partner.example");
        using var directory = exchange.Directory();

        var failure = await Assert.ThrowsAsync<DirectoryException>(() => directory.GetRecipientAsync("Twin_SMIME", Ct));

        Assert.Equal(DirectoryFailure.Rejected, failure.Failure);
    }

    [Fact]
    public async Task CreatingAContactWhoseAddressIsTakenFailsWithAlreadyExists()
    {
        using var exchange = new TestExchange();
        exchange.AddMailbox("Throttled Tom", "tom@contoso.example");
        using var directory = exchange.Directory();

        var failure = await Assert.ThrowsAsync<DirectoryException>(() =>
            directory.CreateMailContactAsync(new NewMailContact("Tom_SMIME", "Tom", "tom@contoso.example"), Ct));

        Assert.Equal(DirectoryFailure.AlreadyExists, failure.Failure);
    }

    [Fact]
    public async Task ACmdletTheAppsRolesDoNotAllowIsForbiddenNamingItAndItsRole()
    {
        using var exchange = new TestExchange();
        exchange.Withhold("Set-SmimeConfig");
        using var directory = exchange.Directory(poolSize: 1);
        var store = SmimeAddin.Certificates.SerializedStore.FromCertificates([Pki.Root.Der]).Write();

        var failure = await Assert.ThrowsAsync<DirectoryException>(() => directory.SetIssuingCaStoreAsync(store, Ct));

        Assert.Equal(DirectoryFailure.Forbidden, failure.Failure);
        var missing = MissingPermissionException.Of(failure);
        Assert.NotNull(missing);
        Assert.Equal(("Set-SmimeConfig", "Organization Configuration"), (missing.Operation, missing.Permission));
        Assert.Null(failure.RetryAfter);
    }

    [Fact]
    public async Task AMissingRoleDoesNotReconnectAndTheOtherCmdletsStillAnswer()
    {
        using var exchange = new TestExchange();
        exchange.Withhold("New-MailContact");
        exchange.AddMailbox("Alice Martin", "alice@contoso.example");
        using var directory = exchange.Directory(poolSize: 1);

        for (var i = 0; i < 3; i++)
        {
            var failure = await Assert.ThrowsAsync<DirectoryException>(() =>
                directory.CreateMailContactAsync(new NewMailContact("Jean_SMIME", "Jean", "jean@partner.example"), Ct));
            Assert.Equal("Mail Recipient Creation", MissingPermissionException.Of(failure)?.Permission);
        }

        Assert.Single(await directory.FindRecipientsAsync(["alice@contoso.example"], Ct));
        Assert.Equal(1, exchange.Calls("Connect-ExchangeOnline"));
    }

    [Fact]
    public async Task UnauthorizedAtConnectIsForbiddenNotAnExpiryAndIsNotRetriedAtOnce()
    {
        using var exchange = new TestExchange { RefuseSignIn = true };
        using var directory = exchange.Directory(poolSize: 1);

        var first = await Assert.ThrowsAsync<DirectoryException>(() => directory.FindRecipientsAsync(["alice@contoso.example"], Ct));
        var second = await Assert.ThrowsAsync<DirectoryException>(() => directory.FindRecipientsAsync(["alice@contoso.example"], Ct));

        Assert.Equal((DirectoryFailure.Forbidden, DirectoryFailure.Forbidden), (first.Failure, second.Failure));
        Assert.Equal("Connect-ExchangeOnline", MissingPermissionException.Of(second)?.Operation);
        Assert.Equal(1, exchange.Calls("Connect-ExchangeOnline"));
    }

    [Fact]
    public async Task DuringAnOutageConnectsBackOffInsteadOfStorming()
    {
        using var exchange = new TestExchange { Unavailable = true };
        exchange.AddMailbox("Alice Martin", "alice@contoso.example");
        using var directory = WithoutRetries(exchange);

        for (var i = 0; i < 10; i++)
        {
            var failure = await Assert.ThrowsAsync<DirectoryException>(() => directory.FindRecipientsAsync(["alice@contoso.example"], Ct));
            Assert.Equal(DirectoryFailure.Unavailable, failure.Failure);
        }
        var duringOutage = exchange.Calls("Connect-ExchangeOnline");
        exchange.Unavailable = false;
        exchange.Clock.Advance(ReconnectBackoff.Longest);

        Assert.Single(await directory.FindRecipientsAsync(["alice@contoso.example"], Ct));
        Assert.Equal(1, duringOutage); // one refused; the nine calls after it waited
        Assert.Equal(2, exchange.Calls("Connect-ExchangeOnline"));
    }

    [Fact]
    public async Task ConnectsAfterAFailureWaitLongerEachTimeWithinTheBound()
    {
        using var exchange = new TestExchange { Unavailable = true };
        using var directory = WithoutRetries(exchange);
        var waits = new List<TimeSpan>();

        for (var i = 0; i < 9; i++)
        {
            await Assert.ThrowsAsync<DirectoryException>(() => directory.FindRecipientsAsync(["alice@contoso.example"], Ct));
            var waiting = await Assert.ThrowsAsync<DirectoryException>(() => directory.FindRecipientsAsync(["alice@contoso.example"], Ct));
            waits.Add(waiting.RetryAfter!.Value);
            exchange.Clock.Advance(waiting.RetryAfter.Value);
        }

        Assert.Equal(9, exchange.Calls("Connect-ExchangeOnline"));
        Assert.All(waits, w => Assert.InRange(w, ReconnectBackoff.First / 2, ReconnectBackoff.Longest));
        Assert.True(waits[5] > waits[0]);
    }

    /// <summary>One session that never runs a failed call again, so each failure reaches the test as it happened.</summary>
    private static ExchangeOnlineDirectory WithoutRetries(TestExchange exchange)
    {
        var options = exchange.Options(poolSize: 1);
        options.CallRetryBudget = TimeSpan.Zero;
        return exchange.Directory(options);
    }

    [Fact]
    public async Task DisposingTheDirectoryDisconnectsEachSessionWithoutAskingForConfirmation()
    {
        using var exchange = new TestExchange();
        var directory = exchange.Directory(poolSize: 1);
        await directory.FindRecipientsAsync(["alice@contoso.example"], Ct);

        directory.Dispose();

        Assert.Equal(["Confirm=False"], exchange.Disconnects);
    }

    [Fact]
    public async Task AnExpiredSessionIsDisconnectedBeforeItReconnects()
    {
        using var exchange = new TestExchange();
        exchange.AddMailbox("Alice Martin", "alice@contoso.example");
        using var directory = exchange.Directory(poolSize: 1);
        await directory.FindRecipientsAsync(["alice@contoso.example"], Ct);
        exchange.ExpireSessions();

        Assert.Single(await directory.FindRecipientsAsync(["alice@contoso.example"], Ct));

        Assert.Equal(["Confirm=False"], exchange.Disconnects);
        Assert.Equal(2, exchange.Calls("Connect-ExchangeOnline"));
    }

    [Fact]
    public async Task AStoreHoldingAnExpiredCaIsRejectedAndTheListKept()
    {
        using var exchange = new TestExchange();
        using var directory = exchange.Directory();
        var valid = SmimeAddin.Certificates.SerializedStore.FromCertificates([Pki.Root.Der]).Write();
        var expired = Pki.Issue(new CertificateSpec { IsCa = true, Subject = "CN=Old CA", NotAfter = DateTime.UtcNow.AddDays(-1) }).Der;
        await directory.SetIssuingCaStoreAsync(valid, Ct);

        var failure = await Assert.ThrowsAsync<DirectoryException>(() => directory.SetIssuingCaStoreAsync(
            SmimeAddin.Certificates.SerializedStore.FromCertificates([Pki.Root.Der, expired]).Write(), Ct));

        Assert.Equal(DirectoryFailure.Rejected, failure.Failure);
        Assert.Contains("has expired", failure.Message);
        Assert.Equal(valid, await directory.GetIssuingCaStoreAsync(Ct));
    }

    [Fact]
    public async Task EveryCallOfASessionRunsOnTheRunspacesOneThread()
    {
        using var exchange = new TestExchange();
        exchange.AddMailbox("Alice Martin", "alice@contoso.example");
        using var directory = exchange.Directory(poolSize: 1);

        for (var i = 0; i < 4; i++)
            await directory.FindRecipientsAsync(["alice@contoso.example"], Ct);

        Assert.Single(exchange.CallThreads.Distinct());
        Assert.True(exchange.CallThreads.Count >= 5); // Get-Recipient and Get-Mailbox, four times
    }
}
