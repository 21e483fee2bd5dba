using SmimeAddin.Tests.Support;

namespace SmimeAddin.Benchmarks;

/// <summary><c>-- load</c>: many signed-in users checking 50 recipients at once, against real app processes on loopback:
/// one instance on SQLite (the default), one on PostgreSQL, two on one PostgreSQL database behind a round-robin client.</summary>
internal static class LoadRun
{
    private static readonly int[] UserCounts = [32, 128];
    private static readonly TimeSpan StartWarmUp = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Measured = TimeSpan.FromSeconds(10);

    private sealed record Setup(string Name, int Instances, bool PostgreSql);

    private static readonly Setup[] Setups =
    [
        new("1 instance, SQLite", 1, PostgreSql: false),
        new("1 instance, PostgreSQL", 1, PostgreSql: true),
        new("2 instances, PostgreSQL", 2, PostgreSql: true),
    ];

    public static async Task RunAsync()
    {
        Console.WriteLine($"POST /api/recipients/check, 50 recipients each, real app processes on loopback, demo organisation; " +
            $"{WarmUp.TotalSeconds:F0} s warm-up, then {Measured.TotalSeconds:F0} s measured per row");
        // The machine may be shared (other builds, other runs): its load says how far to trust the figures.
        if (File.Exists("/proc/loadavg"))
            Console.WriteLine($"load average before the run: {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        Console.WriteLine($"{"setup",-24} {"users",5} {"requests",9} {"checks/s",9} {"p50 ms",7} {"p99 ms",7} {"errors",7} {"429s",5}");
        foreach (var setup in Setups)
        {
            var database = setup.PostgreSql ? await TestPostgres.CreateDatabaseAsync() : null;
            var instances = new List<AppProcess>();
            try
            {
                // One after the other: the first migrates and seeds, the next finds it done.
                for (var i = 0; i < setup.Instances; i++)
                    instances.Add(await AppProcess.StartAsync(AppProcess.BuiltFolder, [.. Settings(database).Select(s => (s.Key, s.Value))]));
                // Unmeasured, once per setup: the thread pools grow and the JIT reaches its final tier in fresh processes.
                var addresses = instances.Select(i => new Uri(i.BaseUrl)).ToList();
                await VirtualUsers.RunAsync(addresses, UserNames(UserCounts.Max()), TimeSpan.Zero, StartWarmUp);
                foreach (var users in UserCounts)
                {
                    var figures = await VirtualUsers.RunAsync(addresses, UserNames(users), WarmUp, Measured);
                    Console.WriteLine($"{setup.Name,-24} {users,5} {figures.Requests,9} {figures.PerSecond,9:F0} {figures.P50Ms,7:F1} {figures.P99Ms,7:F1} " +
                        $"{figures.Errors,7} {figures.Limited,5}");
                }
            }
            finally
            {
                foreach (var instance in instances)
                    await instance.DisposeAsync();
                if (database is not null)
                    await TestPostgres.DropDatabaseAsync(database);
            }
        }
        Console.WriteLine();
    }

    /// <summary>Each virtual user signs in as a local user of its own, so per-user rate limits see many users, not one.
    /// The limits are still raised: a virtual user checks in a tight loop, far faster than the pane (which checks when the
    /// recipients change and every 15 s), and the run is meant to measure the app, not the limiter.</summary>
    private static Dictionary<string, string> Settings(string? postgres)
    {
        var settings = new Dictionary<string, string>
        {
            ["Seed:DemoOrganisation"] = "true",
            ["RateLimits:CheckPerMinute"] = "1000000",
            ["RateLimits:CheckBurst"] = "1000000",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (postgres is not null)
        {
            settings["Database:Provider"] = "PostgreSQL";
            settings["ConnectionStrings:Smime"] = postgres;
        }
        var users = UserNames(UserCounts.Max());
        for (var i = 0; i < users.Count; i++)
        {
            settings[$"LocalSignIn:Users:{i}:User"] = users[i];
            settings[$"LocalSignIn:Users:{i}:DisplayName"] = $"Load user {i + 1}";
        }
        return settings;
    }

    private static List<string> UserNames(int count) => Enumerable.Range(1, count).Select(i => $"load.user{i:D3}@contoso.example").ToList();
}
