using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Graph;

namespace SmimeAddin.Notifications;

public static class NotificationsSetup
{
    /// <summary>Microsoft Graph as soon as any Graph setting is given (validated at start), the embedded outbox
    /// otherwise.</summary>
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<NotificationsOptions>().BindConfiguration(NotificationsOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NotificationsOptions>, NotificationsOptionsValidator>());
        if (NotificationsOptions.UsesGraph(builder.Configuration))
        {
            services.AddHttpClient(GraphNotifier.LoginClientName);
            services.AddHttpClient(GraphNotifier.GraphClientName).ConfigureAdditionalHttpMessageHandlers((handlers, _) =>
            {
                foreach (var handler in GraphClientFactory.CreateDefaultHandlers())
                    handlers.Add(handler);
            });
            services.AddSingleton<INotifier, GraphNotifier>();
        }
        else
        {
            services.AddSingleton<INotifier, OutboxNotifier>();
        }
        return builder;
    }
}
