using Microsoft.AspNetCore.StaticFiles;

namespace SmimeAddin.Hosting;

/// <summary>Serves the built task pane (web/ built into wwwroot/) with headers that keep it to its own code.</summary>
public static class PaneHosting
{
    /// <summary>Only this origin, Office's CDN (office.js must come from there), Entra's sign-in endpoint and Microsoft
    /// Graph (the open message's MIME, where Outlook cannot give it to the pane itself). No inline
    /// script or style: everything the pane shows from outside is text, and this makes a slip harmless. No
    /// frame-ancestors: Outlook frames the pane from several origins of its own.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; " +
        "script-src 'self' https://appsforoffice.microsoft.com; " +
        "style-src 'self'; " +
        "img-src 'self'; " +
        "connect-src 'self' https://login.microsoftonline.com https://graph.microsoft.com; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'";

    public static IApplicationBuilder UsePane(this IApplicationBuilder app) =>
        app.UseStaticFiles(new StaticFileOptions
        {
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                // Assets carry a content hash in their name; the page itself must be fetched again after each build.
                headers.CacheControl = context.Context.Request.Path.StartsWithSegments("/assets")
                    ? "public, max-age=31536000, immutable"
                    : "no-cache";
            },
        });
}
