using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using SmimeAddin.Http;

namespace SmimeAddin.Hosting;

/// <summary>Each request body is bounded: by its endpoint's limit (<see cref="BodyLimits.WithBodyLimit{TBuilder}"/>), else by
/// <see cref="RequestLimitsOptions.MaxBodyBytes"/>. Over it is a 413 problem, never a 500: at once when Content-Length
/// says so, else from the server when the body grows past it while it is read.</summary>
public static class BodyLimitsSetup
{
    public static IServiceCollection AddBodyLimits(this IServiceCollection services)
    {
        services.AddOptions<RequestLimitsOptions>().BindConfiguration(RequestLimitsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<RequestLimitsOptions>>((kestrel, limits) =>
            kestrel.Limits.MaxRequestBodySize = limits.Value.MaxBodyBytes);
        return services;
    }

    public static IApplicationBuilder UseBodyLimits(this IApplicationBuilder app)
    {
        var fallback = app.ApplicationServices.GetRequiredService<IOptions<RequestLimitsOptions>>().Value.MaxBodyBytes;
        return app.Use((context, next) =>
        {
            var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? fallback;
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
                feature.MaxRequestBodySize = limit;
            if (context.Request.ContentLength > limit)
            {
                // Left empty: the status code pages write the problem details.
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return Task.CompletedTask;
            }
            return next(context);
        });
    }
}
