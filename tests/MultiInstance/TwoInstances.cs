using System.Net.Http.Json;
using System.Text.Json;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.MultiInstance;

/// <summary>Two app instances on one database, as behind a load balancer: each its own host, data folder, caches,
/// clock and provisioning worker (named A and B in ContactRequests.ClaimedBy and the audit).</summary>
internal sealed class TwoInstances : IAsyncDisposable
{
    private TwoInstances(TestDatabase database, ApiFactory a, ApiFactory b)
    {
        Database = database;
        A = a;
        B = b;
    }

    public TestDatabase Database { get; }
    public ApiFactory A { get; }
    public ApiFactory B { get; }

    public static async Task<TwoInstances> StartAsync(DatabaseKind kind)
    {
        var database = await TestDatabase.MigratedAsync(kind);
        var instances = new TwoInstances(database, Instance(database, "A"), Instance(database, "B"));
        _ = instances.A.Services;
        _ = instances.B.Services;
        return instances;
    }

    public static ApiFactory Instance(TestDatabase database, string worker) =>
        new ApiFactory().On(database).With("Provisioning:WorkerId", worker).With("Notifications:Approvers:0", ApiFactory.Approver);

    /// <summary>The statuses <paramref name="client"/>'s instance answers for <paramref name="addresses"/>.</summary>
    public static async Task<string[]> StatusesAsync(HttpClient client, params string[] addresses)
    {
        var response = await client.PostAsJsonAsync("/api/recipients/check",
            new { recipients = addresses.Select(a => new { emailAddress = a }) });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. body.GetProperty("recipients").EnumerateArray().Select(r => r.GetProperty("status").GetString()!)];
    }

    public async ValueTask DisposeAsync()
    {
        A.Dispose();
        B.Dispose();
        await Database.DisposeAsync();
    }
}
