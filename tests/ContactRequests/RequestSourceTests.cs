using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.ContactRequests;

/// <summary>A request made from a received message says where its certificate came from (the message's id, subject and
/// received date), which the approver sees and the audit keeps; the fields come from the client and are checked.</summary>
public sealed class RequestSourceTests : IDisposable
{
    private const string Address = "lea.martin@northwind.example";
    private readonly TestPki pki = new("Northwind");
    private readonly ApiFactory factory = new();

    public void Dispose() => factory.Dispose();

    private byte[] SignedMessage()
    {
        var signer = pki.Issue(new CertificateSpec { Subject = "CN=Léa Martin", SanEmails = [Address] });
        return SampleFiles.SignedMessageFrom(signer, [signer.Certificate, pki.Intermediate.Certificate, pki.Root.Certificate],
            "Léa Martin", Address, "Our signed offer");
    }

    private MultipartFormDataContent Form(params (string Name, string Value)[] source)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(Address), "emailAddress" },
            { new StringContent("Léa Martin"), "displayName" },
            { new ByteArrayContent(SignedMessage()), "file", "message.eml" },
        };
        foreach (var (name, value) in source)
            form.Add(new StringContent(value), name);
        return form;
    }

    private async Task<HttpResponseMessage> RequestAsync(MultipartFormDataContent form, string language = "en")
    {
        var client = await factory.ClientForAsync(ApiFactory.Requester);
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        return await client.PostAsync("/api/contact-requests", form);
    }

    private static readonly (string, string)[] FromTheMessage =
    [
        ("sourceMessageId", "<offer-42@northwind.example>"),
        ("sourceSubject", "Our signed offer"),
        ("sourceReceivedAt", "2026-12-01T08:30:00Z"),
    ];

    private async Task<Guid> CreatedFromTheMessageAsync()
    {
        var response = await RequestAsync(Form(FromTheMessage));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task TheApproverSeesWhichMessageTheCertificateCameFrom()
    {
        var id = await CreatedFromTheMessageAsync();

        var request = await (await factory.ClientForAsync(ApiFactory.Approver)).GetFromJsonAsync<JsonElement>($"/api/admin/contact-requests/{id}");

        var source = request.GetProperty("source");
        Assert.Equal("<offer-42@northwind.example>", source.GetProperty("messageId").GetString());
        Assert.Equal("Our signed offer", source.GetProperty("subject").GetString());
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 8, 30, 0, TimeSpan.Zero), source.GetProperty("receivedAt").GetDateTimeOffset());
        Assert.False(source.TryGetProperty("isEmpty", out _));
    }

    [Fact]
    public async Task TheSubmissionsAuditEventNamesTheSourceMessage()
    {
        var id = await CreatedFromTheMessageAsync();

        var audit = await (await factory.ClientForAsync(ApiFactory.Approver)).GetFromJsonAsync<JsonElement>($"/api/admin/audit?requestId={id}");

        var submitted = audit.GetProperty("events").EnumerateArray().Single(e => e.GetProperty("action").GetString() == "RequestSubmitted");
        Assert.EndsWith(", from message <offer-42@northwind.example>, subject \"Our signed offer\", received 2026-12-01T08:30:00.0000000+00:00",
            submitted.GetProperty("details").GetString());
    }

    [Fact]
    public async Task ARequestThatDoesNotSayWhereItsCertificateCameFromHasNoSource()
    {
        var response = await RequestAsync(Form());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, body.GetProperty("source").ValueKind);
    }

    [Theory]
    [InlineData("sourceMessageId", 999)]
    [InlineData("sourceSubject", 1001)]
    public async Task ASourceFieldOverItsLengthIsAValidationProblem(string field, int length)
    {
        var problem = await Problem.ReadAsync(await RequestAsync(Form((field, new string('x', length)))));

        Assert.Equal(400, problem.Status);
        Assert.Equal("Validation", problem.Code);
        Assert.Equal($"{field} is longer than {length - 1} characters.", problem.Body.GetProperty("errors").GetProperty(field)[0].GetString());
    }

    [Theory]
    [InlineData("sourceSubject", "Offer\r\nX-Forged: yes")]
    [InlineData("sourceMessageId", "<a@b>\0")]
    [InlineData("sourceSubject", "Invoice \u202Efdp.exe")]
    public async Task ASourceFieldWithControlCharactersIsAValidationProblem(string field, string value)
    {
        var problem = await Problem.ReadAsync(await RequestAsync(Form((field, value))));

        Assert.Equal(400, problem.Status);
        Assert.Equal("Validation", problem.Code);
        Assert.True(problem.Body.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2026-13-45T99:00:00Z")]
    [InlineData("1969-12-31T23:59:59Z")]
    [InlineData("2999-01-01T00:00:00Z")]
    public async Task AReceivedDateThatIsNotAPastDateIsAValidationProblemInTheCallersLanguage(string value)
    {
        var problem = await Problem.ReadAsync(await RequestAsync(Form(("sourceReceivedAt", value)), "fr"));

        Assert.Equal(400, problem.Status);
        Assert.Equal("Validation", problem.Code);
        Assert.StartsWith("sourceReceivedAt n'est pas une date passée",
            problem.Body.GetProperty("errors").GetProperty("sourceReceivedAt")[0].GetString());
    }

    [Fact]
    public async Task ASourceFieldGivenTwiceIsAValidationProblem()
    {
        var problem = await Problem.ReadAsync(await RequestAsync(Form(("sourceSubject", "One"), ("sourceSubject", "Two"))));

        Assert.Equal(400, problem.Status);
        Assert.Equal("Give sourceSubject once.", problem.Body.GetProperty("errors").GetProperty("sourceSubject")[0].GetString());
    }
}
