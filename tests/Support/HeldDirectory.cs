using Microsoft.Extensions.DependencyInjection;
using SmimeAddin.Directory;

namespace SmimeAddin.Tests.Support;

/// <summary>The app's own directory, except that a write of the issuing-CA store waits, once entered, until the test
/// lets it go; honouring its token meanwhile, as a real call does. What the app does before and around such a write
/// can then be observed, and a client can go away in the middle of it.</summary>
public sealed class HeldDirectory : IDirectory
{
    private readonly TaskCompletionSource entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IDirectory inner = null!;

    /// <summary>Completes when a write of the issuing-CA store has started and is being held.</summary>
    public Task WriteEntered => entered.Task;

    public void Release() => released.TrySetResult();

    public void Install(IServiceCollection services)
    {
        var original = services.Last(d => d.ServiceType == typeof(IDirectory));
        services.Remove(original);
        services.AddSingleton<IDirectory>(provider =>
        {
            inner = (IDirectory)ActivatorUtilities.CreateInstance(provider, original.ImplementationType!);
            return this;
        });
    }

    public async Task SetIssuingCaStoreAsync(byte[] serializedStore, CancellationToken ct)
    {
        entered.TrySetResult();
        await released.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        await inner.SetIssuingCaStoreAsync(serializedStore, ct);
    }

    public Task<IReadOnlyList<DirectoryRecipient>> FindRecipientsAsync(IReadOnlyCollection<string> addresses, CancellationToken ct) =>
        inner.FindRecipientsAsync(addresses, ct);

    public Task<DirectoryRecipient?> GetRecipientAsync(string identity, CancellationToken ct) => inner.GetRecipientAsync(identity, ct);

    public Task<IReadOnlyList<DirectoryRecipient>> ListAsync(RecipientKind kind, CancellationToken ct) => inner.ListAsync(kind, ct);

    public Task<DirectoryRecipient> CreateMailContactAsync(NewMailContact contact, CancellationToken ct) => inner.CreateMailContactAsync(contact, ct);

    public Task SetCertificatesAsync(string identity, RecipientKind kind, RecipientCertificates certificates, CancellationToken ct) =>
        inner.SetCertificatesAsync(identity, kind, certificates, ct);

    public Task<byte[]?> GetIssuingCaStoreAsync(CancellationToken ct) => inner.GetIssuingCaStoreAsync(ct);
}
