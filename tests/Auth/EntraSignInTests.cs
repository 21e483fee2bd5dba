using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.Auth;

/// <summary>In a tenant, Microsoft.Identity.Web validates Entra ID tokens. Entra ID is out of reach here, so the
/// tenant's signing key and issuer are handed to the bearer handler as its metadata would give them; audience,
/// lifetime, signature, the scope policy and the role claims go through the app's own pipeline.</summary>
public sealed class EntraSignInTests
{
    private const string TenantId = "7f5c2c39-3c1c-4f8a-9a55-1b7e0c6a2f11";
    private const string ClientId = "0d3b1a3e-58e6-4c1b-9a1f-3c2b6d5e4f70";
    private static readonly string Issuer = $"https://login.microsoftonline.com/{TenantId}/v2.0";
    private static readonly RsaSecurityKey TenantKey = new(RSA.Create(2048)) { KeyId = "tenant-key" };

    private static ApiFactory EntraFactory()
    {
        var factory = new ApiFactory()
            .With("AzureAd:Instance", "https://login.microsoftonline.com/")
            .With("AzureAd:TenantId", TenantId)
            .With("AzureAd:ClientId", ClientId);
        factory.ConfigureServices = services => services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
        {
            var configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
            configuration.SigningKeys.Add(TenantKey);
            options.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration);
            // Microsoft.Identity.Web's multi-tenant issuer validator reads Entra's instance metadata; here the
            // tenant's issuer is known, so plain issuer validation stands in for it.
            options.TokenValidationParameters.IssuerValidator = null;
            options.TokenValidationParameters.ValidIssuer = Issuer;
        });
        return factory;
    }

    private static string Token(string? scope = "access_as_user", params string[] roles) => Token(ClientId, scope, roles);

    private static string Token(string audience, string? scope, params string[] roles)
    {
        var claims = new List<Claim> { new("preferred_username", "claire@contoso.example"), new("name", "Claire"), new("tid", TenantId), new("ver", "2.0") };
        if (scope is not null)
            claims.Add(new Claim("scp", scope));
        claims.AddRange(roles.Select(role => new Claim("roles", role)));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            Expires = DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(TenantKey, SecurityAlgorithms.RsaSha256),
        });
    }

    private static async Task<HttpResponseMessage> GetMeAsync(ApiFactory factory, string token)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.GetAsync("/api/me");
    }

    [Fact]
    public async Task TenantTokenWithTheApiScopeOpensTheApiWithItsAppRoles()
    {
        using var factory = EntraFactory();

        var response = await GetMeAsync(factory, Token(roles: "SmimeContacts.Approve"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("claire@contoso.example", me.GetProperty("address").GetString());
        Assert.True(me.GetProperty("canApprove").GetBoolean());
        Assert.False(me.GetProperty("canRequest").GetBoolean());
    }

    [Fact]
    public async Task TenantTokensWorkThroughAProxyOnAnyHostName()
    {
        using var factory = EntraFactory();
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://smime.contoso.example"),
        });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(roles: "SmimeContacts.Approve"));
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");

        var response = await client.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task TenantTokenWithoutTheApiScopeIsForbidden()
    {
        using var factory = EntraFactory();

        var problem = await Problem.ReadAsync(await GetMeAsync(factory, Token(scope: "User.Read")));

        Assert.Equal(403, problem.Status);
        Assert.Equal("Forbidden", problem.Code);
    }

    [Fact]
    public async Task TenantTokenForAnotherApplicationIsRefused()
    {
        using var factory = EntraFactory();

        var problem = await Problem.ReadAsync(await GetMeAsync(factory, Token("00000003-0000-0000-c000-000000000000", "access_as_user")));

        Assert.Equal(401, problem.Status);
    }

    [Fact]
    public async Task LocalTokensDoNotOpenTheApiInATenant()
    {
        using var local = new ApiFactory();
        var localToken = (await local.ClientForAsync(ApiFactory.Approver)).DefaultRequestHeaders.Authorization!.Parameter!;
        using var factory = EntraFactory();

        var problem = await Problem.ReadAsync(await GetMeAsync(factory, localToken));

        Assert.Equal(401, problem.Status);
    }

    [Theory]
    [InlineData("AzureAd:TenantId", TenantId, "AzureAd:ClientId is missing")]
    [InlineData("AzureAd:ClientId", ClientId, "AzureAd:TenantId is missing")]
    public void AHalfMadeEntraConfigurationStopsTheAppWithASentence(string key, string value, string expected)
    {
        using var factory = new ApiFactory().With(key, value);

        var failure = factory.StartupFailure<InvalidOperationException>();

        Assert.Contains(expected, failure.Message);
    }

    [Fact]
    public void ACommonTenantIsRefused()
    {
        using var factory = new ApiFactory().With("AzureAd:TenantId", "common").With("AzureAd:ClientId", ClientId);

        var failure = factory.StartupFailure<InvalidOperationException>();

        Assert.Contains("AzureAd:TenantId must name your tenant", failure.Message);
    }

    [Fact]
    public async Task LocalSignInRoutesDoNotExistInATenant()
    {
        using var factory = EntraFactory();

        var response = await factory.CreateClient().GetAsync("/auth/local/users");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
