using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmimeAddin.Certificates;
using SmimeAddin.Directory;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.ContactRequests;

public sealed class ContactRequestsApiTests : IDisposable
{
    private const string Address = "cravate.rouge@fabrikam.example";
    private readonly TestPki pki = new();
    private readonly ApiFactory factory = new();

    public void Dispose() => factory.Dispose();

    private IDirectory Directory => factory.Services.GetRequiredService<IDirectory>();

    private async Task TrustTestPkiAsync() =>
        await Directory.SetIssuingCaStoreAsync(SerializedStore.FromCertificates([pki.Root.Der, pki.Intermediate.Der]).Write(), default);

    private IssuedCertificate Certificate(string address = Address, DateTime? notAfter = null) =>
        pki.Issue(new CertificateSpec { Subject = "CN=Cravate Rouge", SanEmails = [address], NotAfter = notAfter ?? DateTime.UtcNow.AddDays(365) });

    private static MultipartFormDataContent Form(byte[] file, string address = Address, string displayName = "Cravate Rouge", string fileName = "cravate.cer") =>
        new()
        {
            { new StringContent(address), "emailAddress" },
            { new StringContent(displayName), "displayName" },
            { new ByteArrayContent(file), "file", fileName },
        };

    private async Task<HttpResponseMessage> RequestAsync(string user, MultipartFormDataContent form) =>
        await (await factory.ClientForAsync(user)).PostAsync("/api/contact-requests", form);

    private async Task<JsonElement> CreatedAsync(string user, MultipartFormDataContent form)
    {
        var response = await RequestAsync(user, form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static Guid Id(JsonElement request) => request.GetProperty("id").GetGuid();

    private async Task<HttpResponseMessage> ApproveAsync(string user, Guid id, object? body = null) =>
        await (await factory.ClientForAsync(user)).PostAsJsonAsync($"/api/admin/contact-requests/{id}/approve", body ?? new { });

    [Fact]
    public async Task ARequestWhoseFileHolds101CertificatesIsTooManyCertificates()
    {
        await TrustTestPkiAsync();
        var file = HostileFiles.Pem([Certificate().Certificate, .. Enumerable.Repeat(pki.Intermediate.Certificate, 100)]);

        var problem = await Problem.ReadAsync(await RequestAsync(ApiFactory.Requester, Form(file, fileName: "cravate.pem")));

        Assert.Equal(422, problem.Status);
        Assert.Equal("TooManyCertificates", problem.Code);
        Assert.Contains("100", problem.Title);
    }

    [Fact]
    public async Task ARequesterGetsAPendingRequestWithAProposedContactName()
    {
        await TrustTestPkiAsync();

        var response = await RequestAsync(ApiFactory.Requester, Form(Certificate().Der));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var request = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Pending", request.GetProperty("status").GetString());
        Assert.Equal("CravateRouge_SMIME", request.GetProperty("contactName").GetString());
        Assert.Equal(ApiFactory.Requester, request.GetProperty("requestedBy").GetString());
        Assert.Equal($"/api/admin/contact-requests/{Id(request)}", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task TheSignersCertificateIsTakenFromASignedMessage()
    {
        await TrustTestPkiAsync();
        var cravate = Certificate();
        var message = SampleFiles.SignedMessage(cravate, [cravate.Certificate, pki.Intermediate.Certificate]);

        var request = await CreatedAsync(ApiFactory.Requester, Form(message, fileName: "signed.eml"));

        Assert.Equal(CertificateFacts.Sha1Thumbprint(cravate.Certificate), request.GetProperty("certificate").GetProperty("thumbprint").GetString());
        Assert.Empty(request.GetProperty("findings").EnumerateArray());
    }

    [Fact]
    public async Task AUserWithoutTheRequestRoleCannotRequest()
    {
        var problem = await Problem.ReadAsync(await RequestAsync(ApiFactory.NoRole, Form(Certificate().Der)));

        Assert.Equal(403, problem.Status);
    }

    [Fact]
    public async Task AnExpiredCertificateIsRefusedWithItsFindings()
    {
        await TrustTestPkiAsync();

        var problem = await Problem.ReadAsync(await RequestAsync(ApiFactory.Requester, Form(Certificate(notAfter: DateTime.UtcNow.AddDays(-1)).Der)));

        Assert.Equal(422, problem.Status);
        Assert.Equal("CertificateUnusable", problem.Code);
        Assert.StartsWith($"This certificate cannot be used to encrypt mail to {Address}: The certificate expired on", problem.Title);
        Assert.Contains("Expired", problem.Body.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task ACertificateForAnotherAddressIsRefused()
    {
        var problem = await Problem.ReadAsync(await RequestAsync(ApiFactory.Requester, Form(Certificate("someone.else@fabrikam.example").Der)));

        Assert.Equal("CertificateUnusable", problem.Code);
        Assert.Contains("AddressMismatch", problem.Body.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task ACertificateFromAnUntrustedIssuerIsAcceptedWithTheFindingForTheAdmin()
    {
        var request = await CreatedAsync(ApiFactory.Requester, Form(Certificate().Der));

        Assert.Equal(["IssuerNotTrusted"], request.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task AFileWithOnlyCaCertificatesIsRefused()
    {
        var problem = await Problem.ReadAsync(await RequestAsync(ApiFactory.Requester, Form(pki.Root.Der)));

        Assert.Equal(422, problem.Status);
        Assert.Equal("NoPersonCertificate", problem.Code);
    }

    [Fact]
    public async Task ABadFileGetsItsReadingRefusal()
    {
        var problem = await Problem.ReadAsync(await RequestAsync(ApiFactory.Requester, Form(SampleFiles.Pfx(Certificate(), "pw"), fileName: "cravate.pfx")));

        Assert.Equal("PrivateKey", problem.Code);
    }

    [Theory]
    [InlineData("not-an-address", "Cravate Rouge", "emailAddress")]
    [InlineData(Address, " ", "displayName")]
    public async Task MissingOrInvalidFieldsAreValidationProblems(string address, string displayName, string field)
    {
        var problem = await Problem.ReadAsync(await RequestAsync(ApiFactory.Requester, Form(Certificate().Der, address, displayName)));

        Assert.Equal(400, problem.Status);
        Assert.True(problem.Body.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task AnAddressThatIsAlreadyReadyIsAConflict()
    {
        await TrustTestPkiAsync();
        await Directory.CreateMailContactAsync(new NewMailContact("CravateRouge_SMIME", "Cravate Rouge", Address), default);
        await Directory.SetCertificatesAsync("CravateRouge_SMIME", RecipientKind.MailContact, new([Certificate().Der], []), default);

        var problem = await Problem.ReadAsync(await RequestAsync(ApiFactory.Requester, Form(Certificate().Der)));

        Assert.Equal(409, problem.Status);
        Assert.Equal("AlreadyReady", problem.Code);
    }

    [Fact]
    public async Task ASecondRequestForAnAddressWithOneOpenIsAConflict()
    {
        await CreatedAsync(ApiFactory.Requester, Form(Certificate().Der));

        var problem = await Problem.ReadAsync(await RequestAsync(ApiFactory.Approver, Form(Certificate().Der, Address.ToUpperInvariant())));

        Assert.Equal(409, problem.Status);
        Assert.Equal("AlreadyRequested", problem.Code);
    }

    [Fact]
    public async Task TheProposedNameAvoidsOneTheDirectoryUsesForSomeoneElse()
    {
        await Directory.CreateMailContactAsync(new NewMailContact("CravateRouge_SMIME", "Other", "other@fabrikam.example"), default);

        var request = await CreatedAsync(ApiFactory.Requester, Form(Certificate().Der));

        Assert.Equal("CravateRouge2_SMIME", request.GetProperty("contactName").GetString());
    }

    [Fact]
    public async Task TheReadinessCheckSaysRequestPendingOnceAskedFor()
    {
        await CreatedAsync(ApiFactory.Requester, Form(Certificate().Der));
        var client = await factory.ClientForAsync(ApiFactory.NoRole);

        var body = await (await client.PostAsJsonAsync("/api/recipients/check", new { recipients = new[] { new { emailAddress = Address } } }))
            .Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("requestPending", body.GetProperty("recipients")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task MyRequestsListsOnlyTheCallersRequests()
    {
        await CreatedAsync(ApiFactory.Requester, Form(Certificate().Der));
        await CreatedAsync(ApiFactory.Approver, Form(Certificate("jean@tailspin.example").Der, "jean@tailspin.example", "Jean"));

        var mine = await (await factory.ClientForAsync(ApiFactory.Requester)).GetFromJsonAsync<JsonElement>("/api/contact-requests/mine");

        Assert.Equal([Address], mine.GetProperty("requests").EnumerateArray().Select(r => r.GetProperty("emailAddress").GetString()));
    }

    [Fact]
    public async Task AnApproverApprovesAnotherUsersRequest()
    {
        var id = Id(await CreatedAsync(ApiFactory.Requester, Form(Certificate().Der)));

        var response = await ApproveAsync(ApiFactory.Approver, id, new { contactName = "Cravate_SMIME" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var request = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEqual("Pending", request.GetProperty("status").GetString());
        Assert.Equal("Cravate_SMIME", request.GetProperty("contactName").GetString());
        Assert.False(request.GetProperty("trustIssuer").GetBoolean());
        Assert.Equal(ApiFactory.Approver, request.GetProperty("decidedBy").GetString());
    }

    [Fact]
    public async Task AnApproverCannotDecideTheirOwnRequest()
    {
        var id = Id(await CreatedAsync(ApiFactory.Approver, Form(Certificate().Der)));

        var problem = await Problem.ReadAsync(await ApproveAsync(ApiFactory.Approver, id));

        Assert.Equal(403, problem.Status);
        Assert.Equal("OwnRequest", problem.Code);
    }

    [Fact]
    public async Task ARequesterCannotApprove()
    {
        var id = Id(await CreatedAsync(ApiFactory.Approver, Form(Certificate().Der)));

        var problem = await Problem.ReadAsync(await ApproveAsync(ApiFactory.Requester, id));

        Assert.Equal(403, problem.Status);
        Assert.Equal("Forbidden", problem.Code);
    }

    [Fact]
    public async Task ARequestIsDecidedOnce()
    {
        var id = Id(await CreatedAsync(ApiFactory.Requester, Form(Certificate().Der)));
        var client = await factory.ClientForAsync(ApiFactory.Approver);
        await client.PostAsJsonAsync($"/api/admin/contact-requests/{id}/reject", new { reason = "Not a customer." });

        var problem = await Problem.ReadAsync(await client.PostAsJsonAsync($"/api/admin/contact-requests/{id}/approve", new { }));

        Assert.Equal(409, problem.Status);
        Assert.Equal("AlreadyDecided", problem.Code);
        Assert.Equal("This request has already been decided (Rejected).", problem.Title);
    }

    [Fact]
    public async Task OfApprovalsArrivingTogetherExactlyOneWins()
    {
        var id = Id(await CreatedAsync(ApiFactory.Requester, Form(Certificate().Der)));
        var client = await factory.ClientForAsync(ApiFactory.Approver);

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            client.PostAsJsonAsync($"/api/admin/contact-requests/{id}/approve", new { })));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task ARejectionNeedsAReasonAndTheRequesterSeesIt()
    {
        var id = Id(await CreatedAsync(ApiFactory.Requester, Form(Certificate().Der)));
        var client = await factory.ClientForAsync(ApiFactory.Approver);

        var missing = await Problem.ReadAsync(await client.PostAsJsonAsync($"/api/admin/contact-requests/{id}/reject", new { reason = "" }));
        await client.PostAsJsonAsync($"/api/admin/contact-requests/{id}/reject", new { reason = "Not a customer." });

        Assert.Equal(400, missing.Status);
        var mine = await (await factory.ClientForAsync(ApiFactory.Requester)).GetFromJsonAsync<JsonElement>("/api/contact-requests/mine");
        var request = mine.GetProperty("requests")[0];
        Assert.Equal(("Rejected", "Not a customer."), (request.GetProperty("status").GetString(), request.GetProperty("rejectionReason").GetString()));
    }

    [Fact]
    public async Task TheAdminViewJudgesTheCertificateAgainNow()
    {
        var id = Id(await CreatedAsync(ApiFactory.Requester, Form(Certificate().Der)));
        var client = await factory.ClientForAsync(ApiFactory.Approver);
        await client.PostAsync("/api/admin/trusted-issuers",
            new MultipartFormDataContent { { new ByteArrayContent(SampleFiles.CertificatesOnly(pki.Root.Certificate, pki.Intermediate.Certificate)), "file", "ca.p7b" } });

        var request = await client.GetFromJsonAsync<JsonElement>($"/api/admin/contact-requests/{id}");

        Assert.Empty(request.GetProperty("findings").EnumerateArray());
    }

    [Fact]
    public async Task AnUnknownRequestIsNotFound()
    {
        var problem = await Problem.ReadAsync(await ApproveAsync(ApiFactory.Approver, Guid.NewGuid()));

        Assert.Equal(404, problem.Status);
        Assert.Equal("UnknownRequest", problem.Code);
    }

    [Fact]
    public async Task AdminsListRequestsByStatus()
    {
        var id = Id(await CreatedAsync(ApiFactory.Requester, Form(Certificate().Der)));
        var client = await factory.ClientForAsync(ApiFactory.Approver);

        var pending = await client.GetFromJsonAsync<JsonElement>("/api/admin/contact-requests?status=pending");
        var rejected = await client.GetFromJsonAsync<JsonElement>("/api/admin/contact-requests?status=Rejected");
        var invalid = await Problem.ReadAsync(await client.GetAsync("/api/admin/contact-requests?status=Lost"));

        Assert.Equal([id], pending.GetProperty("requests").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));
        Assert.Empty(rejected.GetProperty("requests").EnumerateArray());
        Assert.Equal(400, invalid.Status);
    }

    [Fact]
    public async Task ApproversHearOfANewRequestAndTheRequesterOfTheDecision()
    {
        factory.With("Notifications:Approvers:0", ApiFactory.Approver);
        var id = Id(await CreatedAsync(ApiFactory.Requester, Form(Certificate().Der)));
        var client = await factory.ClientForAsync(ApiFactory.Approver);
        await client.PostAsJsonAsync($"/api/admin/contact-requests/{id}/reject", new { reason = "Not a customer." });

        var outbox = await client.GetFromJsonAsync<JsonElement>("/api/admin/notifications/outbox");

        Assert.Equal([("RequestRejected", ApiFactory.Requester), ("RequestSubmitted", ApiFactory.Approver)],
            outbox.GetProperty("messages").EnumerateArray().Select(m =>
                (m.GetProperty("kind").GetString(), m.GetProperty("to").EnumerateArray().Single().GetString())));
    }

    [Theory]
    [InlineData("/api/contact-requests/mine?page=0", "page")]
    [InlineData("/api/admin/contact-requests?pageSize=201", "pageSize")]
    [InlineData("/api/admin/audit?pageSize=0", "pageSize")]
    public async Task APageOutOfRangeIsAValidationProblem(string path, string field)
    {
        var problem = await Problem.ReadAsync(await (await factory.ClientForAsync(ApiFactory.Approver)).GetAsync(path));

        Assert.Equal(400, problem.Status);
        Assert.True(problem.Body.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task TheAuditShowsEachStepNewestFirst()
    {
        var id = Id(await CreatedAsync(ApiFactory.Requester, Form(Certificate().Der)));
        await (await factory.ClientForAsync(ApiFactory.Approver)).PostAsJsonAsync($"/api/admin/contact-requests/{id}/reject", new { reason = "No." });

        var audit = await (await factory.ClientForAsync(ApiFactory.Approver)).GetFromJsonAsync<JsonElement>($"/api/admin/audit?requestId={id}");

        Assert.Equal([("RequestRejected", ApiFactory.Approver), ("RequestSubmitted", ApiFactory.Requester)],
            audit.GetProperty("events").EnumerateArray().Select(e => (e.GetProperty("action").GetString(), e.GetProperty("actor").GetString())));
    }
}
