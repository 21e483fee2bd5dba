namespace SmimeAddin.Http;

/// <summary>The rate-limit policies endpoints name with <c>RequireRateLimiting</c>; their buckets are set up at start
/// (<c>Hosting/RateLimitsSetup</c>, from section <c>RateLimits</c>).</summary>
public static class RateLimits
{
    public const string Check = "check";
    public const string Inspect = "inspect";
    public const string Request = "request";
}
