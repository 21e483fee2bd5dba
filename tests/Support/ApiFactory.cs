using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

using SmimeAddin.Tests.Directory.ExchangeOnline;

namespace SmimeAddin.Tests.Support;

/// <summary>The real app on the test server, with its own data folder and an empty embedded directory (
/// <see cref="WithDemoOrganisation"/> seeds the demo one), called from loopback unless a test says otherwise. Clients carry real local tokens obtained through <c>POST /auth/local/token</c>.</summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    public const string Approver = "ada.admin@contoso.example";
    public const string Requester = "rene.requester@contoso.example";
    public const string NoRole = "nina.reader@contoso.example";

    // Seeding the demo organisation generates keys and takes a second: tests that want it say so.
    private readonly Dictionary<string, string?> settings = new()
    {
        ["Seed:DemoOrganisation"] = "false",
        // The expiry watch scans only when a test asks (POST /api/admin/certificates/scan): a scan of its own would add
        // directory calls and notifications to what other tests count.
        ["Lifecycle:Enabled"] = "false",
    };

    public string DataDirectory { get; } = System.IO.Directory.CreateTempSubdirectory("smimeaddin-test-").FullName;

    /// <summary>The address requests appear to come from; loopback by default, as in a local run.</summary>
    public IPAddress RemoteAddress { get; set; } = IPAddress.Loopback;

    /// <summary>The app's clock; starts at the real time. Take tokens before moving it: they are checked on real time.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>Extra service registrations, applied after the app's own.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }

    /// <summary>The exception that stops this configuration from starting, asserted to be a <typeparamref name="T"/>.
    /// WebApplicationFactory sometimes reports a failed start as ObjectDisposedException instead (a race in its
    /// deferred host when the app's entry point throws, seen under load); the same configuration is then started
    /// again on a fresh factory, at most three times.</summary>
    public T StartupFailure<T>() where T : Exception
    {
        for (var attempt = 1; ; attempt++)
        {
            using var factory = attempt == 1 ? null : Copy();
            try
            {
                _ = (factory ?? this).Services;
            }
            catch (ObjectDisposedException) when (attempt < 3)
            {
                continue;
            }
            catch (Exception e)
            {
                return Assert.IsType<T>(e);
            }
            throw new Xunit.Sdk.XunitException("The app started, but this configuration should have stopped it.");
        }
    }

    private ApiFactory Copy()
    {
        var copy = new ApiFactory { RemoteAddress = RemoteAddress, ConfigureServices = ConfigureServices };
        foreach (var (key, value) in settings)
            copy.With(key, value);
        return copy;
    }

    /// <summary>Runs the app on <paramref name="database"/>, which other factories (other instances) may share.</summary>
    public ApiFactory On(TestDatabase database) =>
        With("Database:Provider", database.Provider).With("ConnectionStrings:Smime", database.ConnectionString);

    /// <summary>Exchange Online through the real PowerShell engine, against <paramref name="exchange"/>'s stand-in tenant.</summary>
    public ApiFactory On(TestExchange exchange) =>
        With("ExchangeOnline:AppId", exchange.AppId).With("ExchangeOnline:Organization", exchange.Organization)
            .With("ExchangeOnline:CertificatePath", exchange.CertificatePath).With("ExchangeOnline:CertificatePassword", exchange.CertificatePassword)
            .With("ExchangeOnline:ModulePath", TestExchange.ModulePath);

    public ApiFactory WithDemoOrganisation() => With("Seed:DemoOrganisation", "true");

    public ApiFactory With(string key, string? value)
    {
        settings[key] = value;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("DataDirectory", DataDirectory);
        foreach (var (key, value) in settings)
            builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IStartupFilter>(new RemoteAddressFilter(() => RemoteAddress));
            services.AddSingleton<TimeProvider>(Clock);
            ConfigureServices?.Invoke(services);
        });
    }

    public async Task<HttpClient> ClientForAsync(string user)
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/auth/local/token", new { user });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try { System.IO.Directory.Delete(DataDirectory, recursive: true); }
        catch (IOException) { } // a file still held open only leaves a temp folder behind
    }

    public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn);

    private sealed class RemoteAddressFilter(Func<IPAddress> address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, proceed) =>
            {
                context.Connection.RemoteIpAddress = address();
                await proceed();
            });
            next(app);
        };
    }
}
