namespace SmimeAddin.Tests.Pane;

/// <summary>The pane's tests run node (vitest, npm): alone, after the parallel tests, so that their CPU load does not
/// widen a race in WebApplicationFactory that tests expecting a start-up failure are exposed to (its deferred host
/// can be disposed before it is started, giving ObjectDisposedException instead of the app's own exception).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PaneCollection
{
    public const string Name = "Pane";
}
