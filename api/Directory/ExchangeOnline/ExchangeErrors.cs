using System.Globalization;
using System.Management.Automation;
using System.Text.RegularExpressions;

namespace SmimeAddin.Directory.ExchangeOnline;

/// <summary>The session behind a runspace is gone (token or session expired, or the cmdlets Connect-ExchangeOnline
/// loaded have disappeared): reconnect once and retry.</summary>
internal sealed class SessionExpiredException(string message, Exception? inner) : Exception(message, inner);

/// <summary>Turns what a cmdlet reported into the one exception of the port. Exchange errors are recognised by the
/// FailureCategory Exchange puts in the FullyQualifiedErrorId, by exception type, then by message. The raw text
/// goes into the exception message (for logs); callers map the failure to their own sentence.</summary>
internal static partial class ExchangeErrors
{
    public static Exception From(string cmdlet, ErrorRecord record) => From(cmdlet, record, record.Exception);

    public static Exception From(string cmdlet, RuntimeException exception) =>
        exception.ErrorRecord is { } record ? From(cmdlet, record, exception) : From(cmdlet, null, exception);

    private static Exception From(string cmdlet, ErrorRecord? record, Exception? exception)
    {
        var message = exception?.Message ?? record?.ToString() ?? "unknown error";
        var evidence = string.Join(" | ", message, record?.FullyQualifiedErrorId, record?.CategoryInfo.Reason,
            exception?.GetType().FullName, exception?.InnerException?.GetType().FullName, exception?.InnerException?.Message);
        var logText = $"{cmdlet} failed: {message}";

        if (Throttled().IsMatch(evidence))
            return new DirectoryException(DirectoryFailure.Throttled, logText, RetryAfter(evidence), exception);
        if (exception is CommandNotFoundException || SessionGone().IsMatch(evidence))
            return new SessionExpiredException(logText, exception);
        if (NotFound().IsMatch(evidence))
            return new DirectoryException(DirectoryFailure.NotFound, logText, inner: exception);
        if (AlreadyExists().IsMatch(evidence))
            return new DirectoryException(DirectoryFailure.AlreadyExists, logText, inner: exception);
        if (Unreachable().IsMatch(evidence) || exception is HttpRequestException or TimeoutException
            || exception?.InnerException is HttpRequestException or System.Net.Sockets.SocketException)
            return new DirectoryException(DirectoryFailure.Unavailable, logText, inner: exception);
        return new DirectoryException(DirectoryFailure.Rejected, logText, inner: exception);
    }

    /// <summary>How long the service asks to wait, when it says: "Suggested backoff time 30000 ms" (Exchange budget
    /// errors), "Please wait for 45 seconds", "retry after 30 seconds", "try again in 2 minutes".</summary>
    public static TimeSpan? RetryAfter(string text)
    {
        var match = Backoff().Match(text);
        if (!match.Success)
            return null;
        var amount = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        var unit = match.Groups["unit"].Value.ToLowerInvariant();
        var delay = unit.StartsWith("ms") || unit.StartsWith("msec") || unit.StartsWith("milli") ? TimeSpan.FromMilliseconds(amount)
            : unit.StartsWith("min") ? TimeSpan.FromMinutes(amount)
            : TimeSpan.FromSeconds(amount);
        return delay > TimeSpan.Zero ? delay : null;
    }

    [GeneratedRegex(@"throttl|server\s*(is\s*)?busy|micro\s*delay|try\s+again\s+later|too\s+many\s+(requests|concurrent)|exceeds?\s+the\s+(throttling\s+)?budget|\b429\b", RegexOptions.IgnoreCase)]
    private static partial Regex Throttled();

    [GeneratedRegex(@"(session|token)\s+(has\s+)?expired|expired\s+(session|token)|must\s+call\s+the\s+Connect-ExchangeOnline|run\s+Connect-ExchangeOnline|not\s+connected|UnAuthorized|\b401\b|PSSessionStateBroken", RegexOptions.IgnoreCase)]
    private static partial Regex SessionGone();

    [GeneratedRegex(@"ManagementObjectNotFound|couldn't\s+be\s+found\s+on|could\s+not\s+be\s+found\s+on|object\s+'.*'\s+couldn't\s+be\s+found", RegexOptions.IgnoreCase)]
    private static partial Regex NotFound();

    [GeneratedRegex(@"AlreadyExists|ProxyAddressExists|is\s+already\s+being\s+used|already\s+exists", RegexOptions.IgnoreCase)]
    private static partial Regex AlreadyExists();

    [GeneratedRegex(@"unable\s+to\s+connect|could\s+not\s+connect|name\s+(or\s+service\s+)?not\s+known|no\s+such\s+host|connection\s+(was\s+)?(refused|reset|closed)|network|timed?\s*out|service\s+unavailable|\b503\b", RegexOptions.IgnoreCase)]
    private static partial Regex Unreachable();

    [GeneratedRegex(@"(backoff\s+time\s+|wait\s+(for\s+)?|retry\s+after\s+|try\s+again\s+(in|after)\s+)(?<n>\d+(\.\d+)?)\s*(?<unit>ms|msecs?|milliseconds?|s\b|secs?|seconds?|min(ute)?s?)", RegexOptions.IgnoreCase)]
    private static partial Regex Backoff();
}
