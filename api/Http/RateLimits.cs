namespace SmimeAddin.Http;

/// <summary>The rate-limit policies endpoints name with <c>RequireRateLimiting</c>; their buckets are set up at start
/// (<c>Hosting/RateLimitsSetup</c>, from section <c>RateLimits</c>).</summary>
public static class RateLimits
{
    public const string Check = "check";
    public const string Inspect = "inspect";
    public const string Request = "request";

    /// <summary>Puts the endpoint under the instance-wide limit of concurrent certificate parses (RateLimits:ParseConcurrency),
    /// on top of its own policy: a burst of uploads queues briefly, or is refused, instead of taking every core.</summary>
    public static TBuilder LimitConcurrentParsing<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithMetadata(ParsesCertificates.Instance);
}

/// <summary>Marks an endpoint whose request is parsed as certificates (see <see cref="RateLimits.LimitConcurrentParsing"/>).</summary>
public sealed class ParsesCertificates
{
    public static readonly ParsesCertificates Instance = new();

    private ParsesCertificates() { }
}
