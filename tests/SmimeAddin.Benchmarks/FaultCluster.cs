using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmimeAddin.ContactRequests;
using SmimeAddin.ContactRequests.Provisioning;

namespace SmimeAddin.Benchmarks;

/// <summary>The fault run's instances behind a client-side round-robin that skips a stopped instance and, when a call
/// fails on the way (the instance went down meanwhile), sends it to the next one, as a load balancer would.</summary>
internal sealed class FaultCluster(IReadOnlyDictionary<string, string> settings, int size) : IDisposable
{
    private readonly FaultInstance?[] instances = new FaultInstance?[size];
    private int turn;

    /// <summary>The first instance is never stopped: the run reads the database and the outcome through it.</summary>
    public FaultInstance First => instances[0]!;

    public void Start(int index) => instances[index] = FaultInstance.Start(settings);

    public void Stop(int index)
    {
        var instance = instances[index];
        instances[index] = null;
        instance?.Dispose();
    }

    /// <summary>Waits (a few seconds at most) until the instance's worker holds a claim, then stops the instance, so that
    /// the run shows what becomes of a request whose worker is gone.</summary>
    public async Task StopWhileProvisioningAsync(int index)
    {
        var worker = instances[index]!.Services.GetRequiredService<IOptions<ProvisioningOptions>>().Value.WorkerId;
        for (var deadline = DateTime.UtcNow.AddSeconds(5); DateTime.UtcNow < deadline; await Task.Delay(10))
        {
            await using var db = await First.DbAsync();
            if (await db.ContactRequests.AnyAsync(r => r.ClaimedBy == worker && r.Status == ContactRequestStatus.Provisioning))
                break;
        }
        Stop(index);
    }

    /// <summary>Sends one call to the next running instance; on a connection failure, to the one after, a few times.</summary>
    public async Task<HttpResponseMessage> SendAsync(Func<FaultInstance, Task<HttpResponseMessage>> call)
    {
        for (var tries = 1; ; tries++)
        {
            var live = instances.Where(i => i is not null).ToList();
            var instance = live[(int)((uint)Interlocked.Increment(ref turn) % live.Count)]!;
            try
            {
                return await call(instance);
            }
            catch (Exception e) when (tries < 5 && e is HttpRequestException or ObjectDisposedException or TaskCanceledException)
            {
                // the instance is stopping (a call in flight is cut: the client sees it cancelled): the balancer moves on
            }
        }
    }

    public void Dispose()
    {
        for (var i = 0; i < instances.Length; i++)
            Stop(i);
    }
}
