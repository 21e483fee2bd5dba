using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using SmimeAddin.Auth;
using SmimeAddin.Http;

namespace SmimeAddin.Hosting;

/// <summary>Per-user token buckets on the costly routes, a per-address bucket for anyone not signed in, and a limit of
/// concurrent certificate parses (<see cref="RateLimitsOptions"/>). A refusal is a 429 problem with Retry-After in
/// whole seconds, so the pane and scripts know when to come back.</summary>
public static class RateLimitsSetup
{
    public static IServiceCollection AddSmimeRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitsOptions>().BindConfiguration(RateLimitsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RejectAsync;
        });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitsOptions>>((limiter, options) =>
        {
            var limits = options.Value;
            AddPolicy(limiter, RateLimits.Check, limits.CheckPerMinute, limits.CheckBurst);
            AddPolicy(limiter, RateLimits.Inspect, limits.InspectPerMinute, limits.InspectBurst);
            AddPolicy(limiter, RateLimits.Request, limits.RequestPerMinute, limits.RequestBurst);
            // Global limiters run on every route before the route's own policy; a route may opt out (the health probes).
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(Anonymous(limits), Parsing(limits));
        });
        return services;
    }

    private static void AddPolicy(RateLimiterOptions limiter, string policy, int perMinute, int burst) =>
        limiter.AddPolicy(policy, context => RateLimitPartition.GetTokenBucketLimiter(PartitionKey(context), _ => Bucket(perMinute, burst)));

    private static TokenBucketRateLimiterOptions Bucket(int perMinute, int burst) => new()
    {
        TokenLimit = burst,
        // One token at a time, evenly: a full minute's worth at once would let a caller spend it in a burst.
        TokensPerPeriod = 1,
        ReplenishmentPeriod = TimeSpan.FromMinutes(1) / perMinute,
        QueueLimit = 0, // refuse at once with Retry-After rather than hold the request open
    };

    /// <summary>Signed-in users have their own limits on the costly routes; anyone else, whatever the route (the local
    /// token route, a refused token), shares one bucket per remote address.</summary>
    private static PartitionedRateLimiter<HttpContext> Anonymous(RateLimitsOptions limits) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context => CurrentUser.From(context.User) is null
            ? RateLimitPartition.GetTokenBucketLimiter(PartitionKey(context), _ => Bucket(limits.AnonymousPerMinute, limits.AnonymousBurst))
            : RateLimitPartition.GetNoLimiter(""));

    /// <summary>One limit for the whole instance on the routes that parse uploads as certificates.</summary>
    private static PartitionedRateLimiter<HttpContext> Parsing(RateLimitsOptions limits) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context => context.GetEndpoint()?.Metadata.GetMetadata<ParsesCertificates>() is null
            ? RateLimitPartition.GetNoLimiter("")
            : RateLimitPartition.GetConcurrencyLimiter("parse", _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = limits.ParseConcurrency,
                QueueLimit = limits.ParseQueue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            }));

    /// <summary>The signed-in user, whichever sign-in issued the token; the remote address for anyone else.</summary>
    private static string PartitionKey(HttpContext context) =>
        CurrentUser.From(context.User) is { } user
            ? "user:" + user.Address.ToLowerInvariant()
            : "address:" + context.Connection.RemoteIpAddress;

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var context = rejected.HttpContext;
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        // The status is set already: problem details fill in the code and the caller's sentence from it.
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new() { HttpContext = context });
    }
}
