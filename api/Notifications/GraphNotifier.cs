using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Users.Item.SendMail;
using Microsoft.Kiota.Authentication.Azure;

namespace SmimeAddin.Notifications;

/// <summary>Sends each message with Microsoft Graph, app-only: <c>POST /users/{SenderMailbox}/sendMail</c>, plain
/// text, not kept in Sent Items. The credential (and its token cache) lives as long as the app; the HTTP client comes
/// from <see cref="IHttpClientFactory"/> per message, with Graph's retry (429/503 with Retry-After) and redirect handlers.</summary>
public sealed class GraphNotifier : INotifier, IDisposable
{
    /// <summary>Named clients: one for Graph (with Graph's handlers), one for the token endpoint.</summary>
    public const string GraphClientName = "Notifications.Graph";
    public const string LoginClientName = "Notifications.Login";

    private readonly IHttpClientFactory clients;
    private readonly NotificationsOptions options;
    private readonly TokenCredential credential;
    private readonly X509Certificate2? certificate;

    public GraphNotifier(IOptions<NotificationsOptions> options, IHttpClientFactory clients)
    {
        this.clients = clients;
        this.options = options.Value;
        var o = this.options;
        var authorityHost = new Uri(o.AuthorityHost);
        // Instance discovery asks login.microsoftonline.com about the authority; a host other than Microsoft's clouds
        // (Azure Stack, a test stand-in) cannot be discovered there, so it is trusted as configured.
        var disableDiscovery = authorityHost != AzureAuthorityHosts.AzurePublicCloud
            && authorityHost != AzureAuthorityHosts.AzureGovernment && authorityHost != AzureAuthorityHosts.AzureChina;
        var transport = new HttpClientTransport(clients.CreateClient(LoginClientName));
        if (o.CertificatePath is { Length: > 0 })
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(o.CertificatePath, o.CertificatePassword);
            credential = new ClientCertificateCredential(o.TenantId, o.ClientId, certificate, new ClientCertificateCredentialOptions
            {
                AuthorityHost = authorityHost, DisableInstanceDiscovery = disableDiscovery, Transport = transport,
            });
        }
        else
        {
            credential = new ClientSecretCredential(o.TenantId, o.ClientId, o.ClientSecret, new ClientSecretCredentialOptions
            {
                AuthorityHost = authorityHost, DisableInstanceDiscovery = disableDiscovery, Transport = transport,
            });
        }
    }

    public async Task SendAsync(Notification notification, CancellationToken ct)
    {
        var graph = new Uri(options.GraphBaseUrl);
        // App-only tokens ask for the resource's ".default" scope. The token goes to the Graph host alone. Continuous
        // access evaluation is off: it concerns user sessions, and its claims challenges buy nothing for Mail.Send.
        var authentication = new AzureIdentityAuthenticationProvider(credential, [graph.Host], null, false,
            graph.GetLeftPart(UriPartial.Authority) + "/.default");
        using var client = new GraphServiceClient(clients.CreateClient(GraphClientName), authentication, options.GraphBaseUrl);
        await client.Users[options.SenderMailbox].SendMail.PostAsync(new SendMailPostRequestBody
        {
            Message = new Message
            {
                Subject = notification.Subject,
                Body = new ItemBody { ContentType = BodyType.Text, Content = notification.Body },
                ToRecipients = notification.To.Select(to => new Recipient { EmailAddress = new EmailAddress { Address = to } }).ToList(),
            },
            SaveToSentItems = false,
        }, cancellationToken: ct);
    }

    public void Dispose() => certificate?.Dispose();
}
