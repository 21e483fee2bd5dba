using System.Net;
using Microsoft.Extensions.Localization;
using SmimeAddin.Auth;
using SmimeAddin.Resources;

namespace SmimeAddin.Landing;

/// <summary>GET /: what this server is and where to go next, in the reader's language.</summary>
public static class LandingApi
{
    public static IEndpointRouteBuilder MapLanding(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (IStringLocalizer<Messages> text, IConfiguration configuration) =>
            TypedResults.Content(Page(text, configuration.UsesLocalSignIn()), "text/html; charset=utf-8"))
            .ExcludeFromDescription();
        return app;
    }

    private static string Page(IStringLocalizer<Messages> text, bool localSignIn)
    {
        string T(string key) => WebUtility.HtmlEncode(text[key]);
        var signIn = localSignIn ? $"<p>{T("Landing.LocalSignIn")} <a href=\"/auth/local/users\">/auth/local/users</a></p>" : "";
        return $$"""
            <!doctype html>
            <html lang="{{T("Landing.Lang")}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
            <title>SmimeAddin</title>
            <style>body{font-family:"Segoe UI",system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;line-height:1.5}</style>
            </head><body>
            <h1>SmimeAddin</h1>
            <p>{{T("Landing.Intro")}}</p>
            <ul><li><a href="/taskpane.html">{{T("Landing.Pane")}}</a></li><li><a href="/addin/manifest.xml">{{T("Landing.Manifest")}}</a></li><li><a href="/swagger">{{T("Landing.Swagger")}}</a></li></ul>
            {{signIn}}
            </body></html>
            """;
    }
}
