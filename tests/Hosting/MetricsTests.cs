using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using SmimeAddin.ContactRequests;
using SmimeAddin.Telemetry;
using SmimeAddin.Tests.Support;
using static SmimeAddin.Tests.ContactRequests.Provisioning.Provisioning;

namespace SmimeAddin.Tests.Hosting;

/// <summary>The instruments of one app (collected through its own meter factory, so other tests' apps do not count).</summary>
public sealed class MetricsTests : IDisposable
{
    private readonly ApiFactory factory = new();

    public void Dispose() => factory.Dispose();

    private MetricCollector<T> Collect<T>(string instrument) where T : struct =>
        new(factory.Services.GetRequiredService<IMeterFactory>(), SmimeMetrics.MeterName, instrument);

    private async Task CheckAsync(params string[] addresses)
    {
        var client = await factory.ClientForAsync(ApiFactory.NoRole);
        var response = await client.PostAsJsonAsync("/api/recipients/check", new { recipients = addresses.Select(a => new { emailAddress = a }) });
        response.EnsureSuccessStatusCode();
    }

    private static long Sum<T>(MetricCollector<T> collector, Func<CollectedMeasurement<T>, bool>? where = null) where T : struct =>
        collector.GetMeasurementSnapshot().Where(m => where?.Invoke(m) ?? true).Sum(m => Convert.ToInt64(m.Value));

    private static List<(string? Operation, string? Outcome)> Operations(MetricCollector<long> calls) =>
        [.. calls.GetMeasurementSnapshot().Select(m => (m.Tags["operation"] as string, m.Tags["outcome"] as string)).Order()];

    [Fact]
    public async Task ACheckCountsItsRecipientsByStatusAndItsDirectoryLookUp()
    {
        using var checkedRecipients = Collect<long>("smimeaddin.recipients.checked");
        using var calls = Collect<long>("smimeaddin.directory.calls");
        using var durations = Collect<double>("smimeaddin.directory.duration");

        await CheckAsync("paul.nobody@northwind.example", "lena.stork@fabrikam.example", "not an address");

        Assert.Equal(2, Sum(checkedRecipients, m => m.Tags["status"] as string == "notPublished"));
        Assert.Equal(1, Sum(checkedRecipients, m => m.Tags["status"] as string == "problem"));
        // The look-up, and the trusted-issuer list the verdicts are judged against: every directory call counts.
        Assert.Equal([("FindRecipients", "success"), ("GetIssuingCaStore", "success")], Operations(calls));
        Assert.Equal(2, durations.GetMeasurementSnapshot().Count);
    }

    [Fact]
    public async Task ASecondCheckOfTheSameAddressesIsACacheHit()
    {
        using var hits = Collect<long>("smimeaddin.recipient_cache.hits");
        using var misses = Collect<long>("smimeaddin.recipient_cache.misses");
        using var calls = Collect<long>("smimeaddin.directory.calls");

        await CheckAsync("paul.nobody@northwind.example", "lena.stork@fabrikam.example");
        await CheckAsync("paul.nobody@northwind.example", "lena.stork@fabrikam.example");

        Assert.Equal(2, Sum(misses));
        Assert.Equal(2, Sum(hits));
        Assert.Single(Operations(calls), call => call.Operation == "FindRecipients");
    }

    [Fact]
    public async Task AProvisionedRequestCountsItsOutcomeAndDuration()
    {
        using var outcomes = Collect<long>("smimeaddin.provisioning.outcomes");
        using var durations = Collect<double>("smimeaddin.provisioning.duration");
        using var calls = Collect<long>("smimeaddin.directory.calls");
        var request = Approved(new TestPki(), "lena.stork@fabrikam.example", "LenaStork_SMIME");
        await InsertAsync(factory, request);

        await ProvisionAsync(factory, request.Id, ContactRequestStatus.Provisioned);
        await outcomes.WaitForMeasurementsAsync(1, TimeSpan.FromSeconds(15)); // recorded just after the row says Provisioned

        var outcome = Assert.Single(outcomes.GetMeasurementSnapshot());
        Assert.Equal("provisioned", outcome.Tags["outcome"]);
        Assert.Equal("provisioned", Assert.Single(durations.GetMeasurementSnapshot()).Tags["outcome"]);
        Assert.Contains(calls.GetMeasurementSnapshot(), m => m.Tags["operation"] as string == "CreateMailContact");
    }
}
