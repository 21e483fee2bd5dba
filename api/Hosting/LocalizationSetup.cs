using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace SmimeAddin.Hosting;

/// <summary>English and French, chosen from Accept-Language (the pane also sends the Office display language
/// there). Codes stay English; only sentences change.</summary>
public static class LocalizationSetup
{
    private static readonly CultureInfo[] Cultures = [new("en"), new("fr")];

    public static IServiceCollection AddSmimeLocalization(this IServiceCollection services)
    {
        services.AddLocalization();
        return services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture("en");
            options.SupportedCultures = Cultures;
            options.SupportedUICultures = Cultures;
            // Only the header: a query string or cookie would let a link change the language of an API answer.
            options.RequestCultureProviders = [new AcceptLanguageHeaderRequestCultureProvider()];
            options.FallBackToParentUICultures = true;
            options.FallBackToParentCultures = true;
        });
    }
}
