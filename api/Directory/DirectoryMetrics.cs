using SmimeAddin.Telemetry;

namespace SmimeAddin.Directory;

/// <summary>Directory calls counted and timed on <see cref="SmimeMetrics"/>, by operation and outcome.</summary>
public static class DirectoryMetrics
{
    /// <summary>Counts and times one directory call; the outcome is <c>success</c>, the <see cref="DirectoryFailure"/>,
    /// <c>SessionExpired</c>, <c>cancelled</c> or <c>error</c>.</summary>
    public static async Task<T> DirectoryAsync<T>(this SmimeMetrics metrics, string operation, Func<Task<T>> call)
    {
        var started = metrics.Timestamp();
        var outcome = "success";
        try
        {
            return await call();
        }
        catch (DirectoryException e)
        {
            outcome = e.Failure.ToString();
            throw;
        }
        catch (OperationCanceledException)
        {
            outcome = "cancelled";
            throw;
        }
        catch (ExchangeOnline.SessionExpiredException)
        {
            outcome = "SessionExpired"; // answered, and reconnected once by the session
            throw;
        }
        catch
        {
            outcome = "error";
            throw;
        }
        finally
        {
            metrics.DirectoryCalled(operation, outcome, started);
        }
    }

    public static Task DirectoryAsync(this SmimeMetrics metrics, string operation, Func<Task> call) => metrics.DirectoryAsync(operation, async () =>
    {
        await call();
        return true;
    });
}
