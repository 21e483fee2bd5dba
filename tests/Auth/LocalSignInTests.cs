using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.Auth;

public sealed class LocalSignInTests
{
    [Fact]
    public async Task DefaultLocalUsersAreAnApproverARequesterAndAUserWithNoRole()
    {
        using var factory = new ApiFactory();

        var users = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/auth/local/users");

        var roles = users.EnumerateArray().ToDictionary(
            u => u.GetProperty("user").GetString()!,
            u => u.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).ToArray());
        Assert.Equal<string[]>(["SmimeContacts.Request", "SmimeContacts.Approve"], roles[ApiFactory.Approver]);
        Assert.Equal<string[]>(["SmimeContacts.Request"], roles[ApiFactory.Requester]);
        Assert.Empty(roles[ApiFactory.NoRole]);
    }

    [Fact]
    public async Task ConfiguredLocalUsersReplaceTheDefaultSet()
    {
        using var factory = new ApiFactory()
            .With("LocalSignIn:Users:0:User", "solo@fabrikam.example")
            .With("LocalSignIn:Users:0:DisplayName", "Solo")
            .With("LocalSignIn:Users:0:Roles:0", "SmimeContacts.Approve");

        var users = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/auth/local/users");

        Assert.Equal(["solo@fabrikam.example"], users.EnumerateArray().Select(u => u.GetProperty("user").GetString()));
    }

    [Fact]
    public async Task TokenIsABearerTokenThatOpensTheApiAsThatUser()
    {
        using var factory = new ApiFactory();
        var client = await factory.ClientForAsync(ApiFactory.Requester);

        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");

        Assert.Equal(ApiFactory.Requester, me.GetProperty("address").GetString());
        Assert.Equal("René Requester", me.GetProperty("displayName").GetString());
        Assert.True(me.GetProperty("canRequest").GetBoolean());
        Assert.False(me.GetProperty("canApprove").GetBoolean());
    }

    [Fact]
    public async Task TokenResponseSaysBearerAndItsLifetime()
    {
        using var factory = new ApiFactory();

        var response = await factory.CreateClient().PostAsJsonAsync("/auth/local/token", new { user = ApiFactory.Approver });

        var token = await response.Content.ReadFromJsonAsync<ApiFactory.TokenResponse>();
        Assert.Equal("Bearer", token!.TokenType);
        Assert.Equal(3600, token.ExpiresIn);
        Assert.Equal(3, token.AccessToken.Split('.').Length);
    }

    [Fact]
    public async Task TokenForUnknownUserIsNotFoundWithReason()
    {
        using var factory = new ApiFactory();

        var response = await factory.CreateClient().PostAsJsonAsync("/auth/local/token", new { user = "mallory@contoso.example" });

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(404, problem.Status);
        Assert.Equal("UnknownUser", problem.Code);
        Assert.Equal("There is no local user named mallory@contoso.example.", problem.Title);
    }

    [Fact]
    public async Task TokenWithoutUserIsAValidationProblem()
    {
        using var factory = new ApiFactory();

        var response = await factory.CreateClient().PostAsJsonAsync("/auth/local/token", new { });

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(400, problem.Status);
        Assert.Equal("Validation", problem.Code);
        Assert.True(problem.Body.GetProperty("errors").TryGetProperty("user", out _));
    }

    [Theory]
    [InlineData("/auth/local/users", "GET")]
    [InlineData("/auth/local/token", "POST")]
    public async Task LocalSignInRefusesCallersFromOtherMachines(string path, string method)
    {
        using var factory = new ApiFactory { RemoteAddress = IPAddress.Parse("192.0.2.10") };

        var response = await factory.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = JsonContent.Create(new { user = ApiFactory.Approver }),
        });

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(403, problem.Status);
        Assert.Equal("LoopbackOnly", problem.Code);
    }

    private static HttpClient ClientOn(ApiFactory factory, string origin) =>
        factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri(origin) });

    [Theory]
    [InlineData("http://localhost:5080")]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://[::1]:5081")]
    [InlineData("http://LOCALHOST")]
    public async Task LocalSignInAnswersRequestsAddressedToThisComputerOnAnyPort(string origin)
    {
        using var factory = new ApiFactory();

        var response = await ClientOn(factory, origin).PostAsJsonAsync("/auth/local/token", new { user = ApiFactory.Approver });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/auth/local/users", "GET")]
    [InlineData("/auth/local/token", "POST")]
    public async Task LocalSignInRefusesALoopbackRequestAddressedToAnotherName(string path, string method)
    {
        // DNS rebinding: a page on attacker.example, its name now resolving to 127.0.0.1, calls the app from the browser.
        using var factory = new ApiFactory();

        var response = await ClientOn(factory, "http://attacker.example:5080").SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = JsonContent.Create(new { user = ApiFactory.Approver }),
        });

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(403, problem.Status);
        Assert.Equal("LocalHostOnly", problem.Code);
        Assert.Equal("Local sign-in answers only requests addressed to this computer (localhost, 127.0.0.1 or [::1]) that no proxy forwarded.",
            problem.Title);
    }

    [Theory]
    [InlineData("X-Forwarded-For", "203.0.113.7")]
    [InlineData("X-Forwarded-Host", "localhost")]
    [InlineData("Forwarded", "for=203.0.113.7")]
    public async Task LocalSignInRefusesARequestAProxyForwarded(string header, string value)
    {
        using var factory = new ApiFactory();
        var request = new HttpRequestMessage(HttpMethod.Post, "/auth/local/token") { Content = JsonContent.Create(new { user = ApiFactory.Approver }) };
        request.Headers.Add(header, value);

        var response = await factory.CreateClient().SendAsync(request);

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(403, problem.Status);
        Assert.Equal("LocalHostOnly", problem.Code);
    }

    [Fact]
    public async Task TheRefusalOfAnotherNameSpeaksFrench()
    {
        using var factory = new ApiFactory();
        var client = ClientOn(factory, "http://attacker.example");
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr");

        var problem = await Problem.ReadAsync(await client.GetAsync("/auth/local/users"));

        Assert.Equal("La connexion locale ne répond qu'aux requêtes adressées à cet ordinateur (localhost, 127.0.0.1 ou [::1]) et relayées par aucun proxy.",
            problem.Title);
    }

    [Fact]
    public async Task TokensSurviveARestartBecauseTheSigningKeyIsKeptInTheDatabase()
    {
        using var first = new ApiFactory();
        var client = await first.ClientForAsync(ApiFactory.Approver);
        var token = client.DefaultRequestHeaders.Authorization!;
        using var second = new ApiFactory().With("DataDirectory", first.DataDirectory);
        var other = second.CreateClient();
        other.DefaultRequestHeaders.Authorization = token;

        var response = await other.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task TokenSignedWithAnotherDataFoldersKeyIsRefused()
    {
        using var first = new ApiFactory();
        var token = (await first.ClientForAsync(ApiFactory.Approver)).DefaultRequestHeaders.Authorization!;
        using var second = new ApiFactory();
        var client = second.CreateClient();
        client.DefaultRequestHeaders.Authorization = token;

        var response = await client.GetAsync("/api/me");

        Assert.Equal(401, (await Problem.ReadAsync(response)).Status);
    }
}
