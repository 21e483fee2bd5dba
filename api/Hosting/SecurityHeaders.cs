namespace SmimeAddin.Hosting;

/// <summary>Headers every response carries, whoever writes it (an endpoint, the pane's files, problem details, a 404):
/// they are set as the response starts, so the exception handler clearing the headers cannot drop them.</summary>
public static class SecurityHeaders
{
    /// <summary>For JSON: nothing in it is to be run or shown as a page, and no page may frame it.</summary>
    public const string JsonContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>No X-Frame-Options and no frame-ancestors on pages: Outlook frames the pane from several origins of its
    /// own (see <see cref="PaneHosting.ContentSecurityPolicy"/>).</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                Apply(context);
                return Task.CompletedTask;
            });
            return next(context);
        });

    private static void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        var path = context.Request.Path;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        // Outlook loads the manifest's icons from its own origins, and frames the pages: both stay loadable cross-origin.
        var html = context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true;
        if (!html && !path.StartsWithSegments("/addin/assets"))
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
        // Answers under /api carry people's addresses and certificates: no cache, shared or private, keeps them.
        if (path.StartsWithSegments("/api"))
            headers.CacheControl = "no-store";
        if (IsJson(context.Response.ContentType) && string.IsNullOrEmpty(headers.ContentSecurityPolicy))
            headers.ContentSecurityPolicy = JsonContentSecurityPolicy;
    }

    private static bool IsJson(string? contentType)
    {
        var media = contentType?.Split(';')[0].Trim() ?? "";
        return media.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }
}
