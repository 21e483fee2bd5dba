using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Security.Cryptography.X509Certificates;
using SmimeAddin.Telemetry;

namespace SmimeAddin.Directory.ExchangeOnline;

/// <summary>One cmdlet call as data: a name and named parameters, handed to <see cref="PowerShell.AddCommand(string)"/>
/// and <see cref="PowerShell.AddParameter(string, object)"/>. Never script text. <see cref="MayLag"/>: the call names an
/// object created moments ago, which Exchange may not show yet (replication), so NotFound is retried briefly.</summary>
internal sealed record ExchangeCommand(string Name, IReadOnlyList<KeyValuePair<string, object?>> Parameters)
{
    public ExchangeCommand(string name) : this(name, []) { }

    public bool MayLag { get; init; }

    public ExchangeCommand With(string parameter, object? value) => this with { Parameters = [.. Parameters, new(parameter, value)] };
}

/// <summary>A runspace with the ExchangeOnlineManagement module imported and connected app-only. Used by one caller
/// at a time (the pool sees to it); reconnects once when the service says the session has expired, disconnecting first
/// (Disconnect-ExchangeOnline clears the module's token cache); a failed connect makes the next one wait
/// (<see cref="ReconnectBackoff"/>, shared by the pool's sessions).</summary>
internal sealed class ExchangeSession(ExchangeOnlineOptions options, X509Certificate2 certificate, ReconnectBackoff backoff,
    RefusedCmdlets refused, SmimeMetrics metrics, ILogger logger)
    : IDisposable
{
    private Runspace? runspace;
    private bool connected;

    /// <summary>False once the runspace broke: the pool then drops this session and opens another.</summary>
    public bool IsUsable => runspace is null || runspace.RunspaceStateInfo.State == RunspaceState.Opened;

    public async Task EnsureConnectedAsync(CancellationToken ct)
    {
        if (connected)
            return;
        backoff.ThrowIfWaiting();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.ConnectTimeoutSeconds));
        try
        {
            runspace ??= await OpenAsync(ct);
            await ImportModuleAsync(timeout.Token);
            // Connect-ExchangeOnline: -Certificate takes an X509Certificate2 and works on every platform
            // (-CertificateThumbprint only on Windows); -CommandName loads only the cmdlets used, which connects faster.
            await RunAsync(new ExchangeCommand(ExchangeSchema.Connect)
                .With("AppId", options.AppId)
                .With("Organization", options.Organization)
                .With("Certificate", certificate)
                .With("CommandName", ExchangeSchema.CmdletsUsed)
                .With("ShowBanner", false)
                .With("SkipLoadingFormatData", true), timeout.Token, connecting: true);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            var late = new DirectoryException(DirectoryFailure.Unavailable,
                $"Connect-ExchangeOnline did not finish within {options.ConnectTimeoutSeconds} s.", inner: new TimeoutException());
            backoff.Failed(late);
            throw late;
        }
        catch (DirectoryException failure)
        {
            backoff.Failed(failure);
            refused.Saw(ExchangeSchema.Connect, failure);
            throw;
        }
        backoff.Succeeded();
        refused.Saw(ExchangeSchema.Connect, null);
        connected = true;
    }

    private CallRetry retry = new(TimeSpan.Zero);

    /// <summary>A caller takes this session for one operation, which may wait <paramref name="retryBudget"/> in all to
    /// run failed calls again (<see cref="CallRetry"/>).</summary>
    public void BeginOperation(TimeSpan retryBudget) => retry = new CallRetry(retryBudget);

    /// <summary>Runs one cmdlet. A call Exchange throttled, a call an outage failed, and a NotFound for an object just
    /// created are run again after a wait (the backoff Exchange suggests, else a doubling one), as long as the
    /// operation's retry budget covers it; otherwise the failure (with its Retry-After) goes to the caller. The wait
    /// is real time, not the app's clock: it is a pause between two calls, not an instant the app records.</summary>
    public async Task<IReadOnlyList<PSObject>> InvokeAsync(ExchangeCommand command, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return await InvokeOnceAsync(command, ct);
            }
            catch (DirectoryException failure) when (retry.WaitBefore(command, failure) is { } wait)
            {
                logger.LogDebug("{Cmdlet}: {Failure}; running it again in {Wait} ms.", command.Name, failure.Failure, wait.TotalMilliseconds);
                await Task.Delay(wait, ct);
            }
        }
    }

    private async Task<IReadOnlyList<PSObject>> InvokeOnceAsync(ExchangeCommand command, CancellationToken ct)
    {
        await EnsureConnectedAsync(ct);
        try
        {
            var output = await RunWithTimeoutAsync(command, ct);
            refused.Saw(command.Name, null);
            return output;
        }
        catch (DirectoryException forbidden) when (forbidden.Failure == DirectoryFailure.Forbidden)
        {
            refused.Saw(command.Name, forbidden);
            throw;
        }
        catch (SessionExpiredException expired)
        {
            logger.LogWarning("Exchange Online session expired ({Message}); reconnecting once.", expired.Message);
            await DisconnectAsync();
            await EnsureConnectedAsync(ct);
            try
            {
                return await RunWithTimeoutAsync(command, ct);
            }
            catch (SessionExpiredException again)
            {
                connected = false;
                throw new DirectoryException(DirectoryFailure.Unavailable, $"Still not connected after reconnecting: {again.Message}", inner: again);
            }
        }
    }

    /// <summary>Disconnect-ExchangeOnline -Confirm:$false: the module forgets this session's tokens and REST session.
    /// A failure here changes nothing for the caller (the next connect replaces the session): it is logged.</summary>
    private async Task DisconnectAsync()
    {
        if (!connected)
            return;
        connected = false;
        try
        {
            // Short: it runs when a broken session is dropped, on a caller's way out, and only clears local state.
            using var timeout = new CancellationTokenSource(DisconnectTimeout);
            await RunAsync(Disconnect, timeout.Token, connecting: true);
        }
        catch (Exception e) when (e is DirectoryException or OperationCanceledException or RuntimeException)
        {
            logger.LogInformation("Disconnect-ExchangeOnline failed: {Message}", e.Message);
        }
    }

    private static readonly TimeSpan DisconnectTimeout = TimeSpan.FromSeconds(5);

    private static readonly ExchangeCommand Disconnect = new ExchangeCommand(ExchangeSchema.Disconnect).With("Confirm", false);
    private async Task<IReadOnlyList<PSObject>> RunWithTimeoutAsync(ExchangeCommand command, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.CommandTimeoutSeconds));
        try
        {
            return await RunAsync(command, timeout.Token, connecting: false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new DirectoryException(DirectoryFailure.Unavailable, $"{command.Name} did not answer within {options.CommandTimeoutSeconds} s.",
                inner: new TimeoutException());
        }
    }

    private static async Task<Runspace> OpenAsync(CancellationToken ct)
    {
        var state = InitialSessionState.CreateDefault2();
        // Execution policy exists on Windows only (elsewhere setting it throws); the module Microsoft signs runs under RemoteSigned.
        if (OperatingSystem.IsWindows())
            state.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.RemoteSigned;
        var opened = RunspaceFactory.CreateRunspace(state);
        // Every pipeline of this runspace on one thread, as Microsoft's hosting sample does: the module keeps
        // per-thread state (its token cache among it), and a new thread per call would cost more.
        opened.ThreadOptions = PSThreadOptions.ReuseThread;
        await Task.Run(opened.Open, ct);
        return opened;
    }

    private async Task ImportModuleAsync(CancellationToken ct)
    {
        var module = options.ModulePath is { Length: > 0 } folder
            ? Path.Combine(Path.GetFullPath(folder), ExchangeOnlineOptions.ModuleName)
            : ExchangeOnlineOptions.ModuleName;
        var import = new ExchangeCommand("Import-Module").With("Name", module).With("DisableNameChecking", true);
        try
        {
            await RunPipelineAsync(import, ct, connecting: true); // local: not an Exchange call, not counted
        }
        catch (DirectoryException e) when (e.InnerException is FileNotFoundException
            || e.Message.Contains("no valid module file", StringComparison.OrdinalIgnoreCase)
            || e.Message.Contains("not loaded", StringComparison.OrdinalIgnoreCase))
        {
            throw new DirectoryException(DirectoryFailure.Unavailable, options.ModuleMissingSentence, inner: e);
        }
    }

    /// <summary>Runs one Exchange cmdlet (Connect- and Disconnect-ExchangeOnline included), counted and timed on the
    /// directory metrics under its name with its outcome: every call Exchange sees, retries and health reads too.</summary>
    private Task<IReadOnlyList<PSObject>> RunAsync(ExchangeCommand command, CancellationToken ct, bool connecting) =>
        metrics.DirectoryAsync(command.Name, () => RunPipelineAsync(command, ct, connecting));

    /// <summary>Runs one command. Errors come two ways: terminating (InvokeAsync throws) and non-terminating (the error
    /// stream); both become <see cref="ExchangeErrors"/> exceptions. Cancelling stops the pipeline.</summary>
    private async Task<IReadOnlyList<PSObject>> RunPipelineAsync(ExchangeCommand command, CancellationToken ct, bool connecting)
    {
        using var shell = PowerShell.Create(runspace!);
        shell.AddCommand(command.Name);
        foreach (var (name, value) in command.Parameters)
            shell.AddParameter(name, value);
        await using var stop = ct.Register(() => shell.BeginStop(null, null));
        PSDataCollection<PSObject> output;
        try
        {
            output = await shell.InvokeAsync();
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            throw new OperationCanceledException(ct);
        }
        catch (RuntimeException e)
        {
            throw Failure(ExchangeErrors.From(command, e), connecting);
        }
        ct.ThrowIfCancellationRequested();
        if (shell.Streams.Error.Count > 0)
            throw Failure(ExchangeErrors.From(command, shell.Streams.Error[0]), connecting);
        foreach (var warning in shell.Streams.Warning)
            logger.LogDebug("{Cmdlet}: {Warning}", command.Name, warning.Message); // "Micro delay applied" and the like
        return [.. output];
    }

    /// <summary>While connecting, a refused sign-in (UnAuthorized, no management role) is a configuration problem
    /// (Forbidden, final: an expiry it is not), a throttled connect stays throttled, and any other failure (bad app id,
    /// certificate refused, tenant not found, service down) means the directory is unavailable, not that a request was wrong.</summary>
    private static Exception Failure(Exception failure, bool connecting) => connecting switch
    {
        true when failure is DirectoryException { Failure: DirectoryFailure.Throttled } => failure,
        true when failure is DirectoryException { Failure: DirectoryFailure.Forbidden } forbidden
            && MissingPermissionException.Of(forbidden)?.Permission == ExchangeRoles.ConnectPermission => failure,
        true when failure is SessionExpiredException && failure.Message.Contains("UnAuthorized", StringComparison.OrdinalIgnoreCase) =>
            ExchangeRoles.Forbidden(ExchangeSchema.Connect, ExchangeRoles.ConnectPermission, failure),
        true => new DirectoryException(DirectoryFailure.Unavailable, failure.Message, inner: failure),
        false => failure,
    };

    public void Dispose()
    {
        if (connected && IsUsable)
            DisconnectAsync().GetAwaiter().GetResult();
        runspace?.Dispose();
    }
}
