using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using SmimeAddin.Http;
using SmimeAddin.Resources;

namespace SmimeAddin.Certificates;

/// <summary>The token an upload's reading and judging run under: the request's (the client gave up) joined with the
/// <see cref="CertificatesOptions.DeadlineSeconds"/> deadline. Passing it is what stops work nobody waits for.</summary>
public sealed class BoundedWork : IDisposable
{
    private readonly CancellationTokenSource source;
    private readonly CancellationToken requestAborted;
    private readonly int seconds;

    public BoundedWork(CertificatesOptions options, CancellationToken requestAborted)
    {
        this.requestAborted = requestAborted;
        seconds = options.DeadlineSeconds;
        source = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        source.CancelAfter(TimeSpan.FromSeconds(seconds));
    }

    public CancellationToken Token => source.Token;

    /// <summary>The cancellation came from the deadline, not from the client: answer it. A client that is gone gets no
    /// answer; its cancellation propagates and the host ends the request (499).</summary>
    public bool DeadlinePassed => source.IsCancellationRequested && !requestAborted.IsCancellationRequested;

    /// <summary>503 <c>DeadlineExceeded</c> with Retry-After: the budgets bound every file, so a deadline hit means the
    /// server was too busy to finish in time, and the same upload may well succeed later.</summary>
    public ProblemHttpResult Problem(HttpResponse response, IStringLocalizer<Messages> text)
    {
        response.Headers.RetryAfter = "5";
        return Problems.Of(StatusCodes.Status503ServiceUnavailable, "DeadlineExceeded", text, "Problem.DeadlineExceeded", seconds);
    }

    public void Dispose() => source.Dispose();
}
