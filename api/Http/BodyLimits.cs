using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace SmimeAddin.Http;

/// <summary>Per-route body limits, read by the body-limit middleware (<c>Hosting/BodyLimitsSetup</c>); a route without
/// one gets <see cref="RequestLimitsOptions.MaxBodyBytes"/>.</summary>
public static class BodyLimits
{
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, long maxBytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestSizeLimitAttribute(maxBytes));

    /// <summary>The JSON limit for every route of <paramref name="group"/>; an upload route sets its own over it.</summary>
    public static RouteGroupBuilder WithJsonBodyLimit(this RouteGroupBuilder group) =>
        group.WithBodyLimit(((IEndpointRouteBuilder)group).ServiceProvider.GetRequiredService<IOptions<RequestLimitsOptions>>().Value.MaxJsonBodyBytes);
}
