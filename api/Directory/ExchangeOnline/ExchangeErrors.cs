using System.Globalization;
using System.Management.Automation;
using System.Text.RegularExpressions;

namespace SmimeAddin.Directory.ExchangeOnline;

/// <summary>The session behind a runspace is gone (token or session expired): reconnect once and retry.</summary>
internal sealed class SessionExpiredException(string message, Exception? inner) : Exception(message, inner);

/// <summary>Turns what a cmdlet reported into the one exception of the port. The REST module reports
/// <c>Ex6F9304|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|&lt;text&gt;</c> with CategoryInfo
/// <c>NotSpecified … ManagementObjectNotFoundException</c> and FullyQualifiedErrorId <c>[Server=…,RequestId=…,TimeStamp=…],Write-ErrorMessage</c>
/// (EXCHANGE.md): so the failure is read from the exception type in that prefix, then CategoryInfo's Reason, then the
/// .NET exception's type, then CategoryInfo's Category, and only then from fixed phrases of the text, after every value
/// the call sent (which Exchange echoes: a contact named "Throttled Tom") and every quoted name are taken out of it.
/// The raw text goes into the exception message, for logs; callers map the failure to their own sentence.</summary>
internal static partial class ExchangeErrors
{
    private enum Kind { NotFound, AlreadyExists, Throttled, Unavailable, Rejected, SessionGone, AppRefused }

    public static Exception From(ExchangeCommand command, ErrorRecord record) => From(command, record, record.Exception);

    public static Exception From(ExchangeCommand command, RuntimeException exception) =>
        From(command, exception.ErrorRecord, exception);

    private static Exception From(ExchangeCommand command, ErrorRecord? record, Exception? exception)
    {
        var message = exception?.Message ?? record?.ToString() ?? "unknown error";
        var logText = $"{command.Name} failed: {message}";
        // A cmdlet that does not exist after Connect-ExchangeOnline is one the app's Exchange roles do not allow.
        if (exception is CommandNotFoundException || record?.Exception is CommandNotFoundException
            || record?.FullyQualifiedErrorId?.StartsWith(nameof(CommandNotFoundException), StringComparison.Ordinal) == true)
            return ExchangeRoles.Missing(command.Name, exception ?? record?.Exception);

        var (typeName, text) = Split(message);
        var own = OwnWords(text, command);
        var kind = ByType(typeName) ?? ByType(record?.CategoryInfo.Reason) ?? ByException(exception)
            ?? ByCategory(record?.CategoryInfo.Category) ?? ByText(own) ?? Kind.Rejected;
        return kind switch
        {
            Kind.Throttled => new DirectoryException(DirectoryFailure.Throttled, logText, RetryAfter(own), exception),
            Kind.SessionGone => new SessionExpiredException(logText, exception),
            Kind.AppRefused when command.Name == ExchangeSchema.Connect =>
                ExchangeRoles.Forbidden(command.Name, ExchangeRoles.ConnectPermission, exception),
            Kind.AppRefused => ExchangeRoles.Missing(command.Name, exception),
            Kind.NotFound => new DirectoryException(DirectoryFailure.NotFound, logText, inner: exception),
            Kind.AlreadyExists => new DirectoryException(DirectoryFailure.AlreadyExists, logText, inner: exception),
            Kind.Unavailable => new DirectoryException(DirectoryFailure.Unavailable, logText, inner: exception),
            _ => new DirectoryException(DirectoryFailure.Rejected, logText, inner: exception),
        };
    }

    /// <summary>"Ex6F9304|Microsoft.Exchange.…Exception|text" → (the type's short name, text); other messages → (null, message).</summary>
    private static (string? Type, string Text) Split(string message)
    {
        var match = Prefix().Match(message);
        return match.Success ? (match.Groups["type"].Value.Split('.')[^1], match.Groups["text"].Value) : (null, message);
    }

    /// <summary>The text without what the call sent (identity, name, display name, address, filter) and without any quoted
    /// value: what is left are Exchange's fixed words, which a name cannot change.</summary>
    private static string OwnWords(string text, ExchangeCommand command)
    {
        var sent = command.Parameters.Select(p => p.Value).OfType<string>().Where(v => v.Length >= 3) // shorter ones: the quotes catch them
            .OrderByDescending(v => v.Length);
        foreach (var value in sent)
            text = text.Replace(value, "…", StringComparison.OrdinalIgnoreCase);
        return Quoted().Replace(text, "…");
    }

    private static Kind? ByType(string? type) => type switch
    {
        null or "" => null,
        "ManagementObjectNotFoundException" or "ObjectNotFoundException" or "RecipientNotFoundException" => Kind.NotFound,
        "ManagementObjectAmbiguousException" => Kind.Rejected,
        "ADObjectAlreadyExistsException" or "NameNotAvailableException" or "ProxyAddressExistsException"
            or "WLCDManagedMemberExistsException" => Kind.AlreadyExists,
        "OverBudgetException" or "ThrottlingException" or "MicroDelayException" => Kind.Throttled,
        "HttpRequestException" or "SocketException" or "TimeoutException" or "ServerUnavailableException"
            or "ADTransientException" or "DataSourceTransientException" => Kind.Unavailable,
        "UnauthorizedAccessException" or "SessionExpiredException" => Kind.SessionGone,
        "CmdletAccessDeniedException" => Kind.AppRefused,
        _ => null,
    };

    private static Kind? ByException(Exception? exception) => exception switch
    {
        null => null,
        HttpRequestException or TimeoutException => Kind.Unavailable,
        { InnerException: HttpRequestException or System.Net.Sockets.SocketException } => Kind.Unavailable,
        ParameterBindingException or ArgumentException => Kind.Rejected,
        _ => null,
    };

    private static Kind? ByCategory(ErrorCategory? category) => category switch
    {
        ErrorCategory.ObjectNotFound => Kind.NotFound,
        ErrorCategory.ResourceExists => Kind.AlreadyExists,
        ErrorCategory.LimitsExceeded or ErrorCategory.QuotaExceeded => Kind.Throttled,
        ErrorCategory.ConnectionError or ErrorCategory.ResourceUnavailable or ErrorCategory.OperationTimeout => Kind.Unavailable,
        ErrorCategory.AuthenticationError => Kind.SessionGone,
        _ => null,
    };

    private static Kind? ByText(string own) =>
        Throttled().IsMatch(own) ? Kind.Throttled
        : AppRefused().IsMatch(own) ? Kind.AppRefused
        : SessionGone().IsMatch(own) ? Kind.SessionGone
        : NotFound().IsMatch(own) ? Kind.NotFound
        : Ambiguous().IsMatch(own) ? Kind.Rejected
        : AlreadyExists().IsMatch(own) ? Kind.AlreadyExists
        : Unreachable().IsMatch(own) ? Kind.Unavailable
        : null;

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

    [GeneratedRegex(@"^\s*(Ex[0-9A-Fa-f]+)?\|(?<type>[A-Za-z_][\w.]*)\|(?<text>.*)$", RegexOptions.Singleline)]
    private static partial Regex Prefix();

    /// <summary>'…', "…" and typographic quotes: where Exchange puts the names it echoes.</summary>
    [GeneratedRegex("'[^']*'|\"[^\"]*\"|\u2018[^\u2019]*\u2019|\u201C[^\u201D]*\u201D")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"throttling\s+budget|suggested\s+backoff\s+time|server\s+(is\s+)?busy|micro\s*delay|too\s+many\s+(requests|concurrent)|\b429\b", RegexOptions.IgnoreCase)]
    private static partial Regex Throttled();

    [GeneratedRegex(@"isn't\s+assigned\s+to\s+any\s+management\s+roles|role\s+assigned\s+to\s+application\s+\S+\s+isn't\s+supported|not\s+allowed\s+to\s+call", RegexOptions.IgnoreCase)]
    private static partial Regex AppRefused();

    [GeneratedRegex(@"(session|token)\s+(has\s+)?expired|must\s+call\s+the\s+Connect-ExchangeOnline|run\s+Connect-ExchangeOnline|\bUnAuthorized\b|\b401\b|PSSessionStateBroken", RegexOptions.IgnoreCase)]
    private static partial Regex SessionGone();

    [GeneratedRegex(@"couldn't\s+be\s+found|could\s+not\s+be\s+found|couldn't\s+find\s+object", RegexOptions.IgnoreCase)]
    private static partial Regex NotFound();

    [GeneratedRegex(@"matches\s+multiple\s+entries", RegexOptions.IgnoreCase)]
    private static partial Regex Ambiguous();

    [GeneratedRegex(@"is\s+already\s+being\s+used|already\s+exists", RegexOptions.IgnoreCase)]
    private static partial Regex AlreadyExists();

    [GeneratedRegex(@"unable\s+to\s+connect|could\s+not\s+connect|name\s+(or\s+service\s+)?not\s+known|no\s+such\s+host|connection\s+(was\s+)?(refused|reset|closed)|timed?\s*out|service\s+unavailable|\b503\b", RegexOptions.IgnoreCase)]
    private static partial Regex Unreachable();

    [GeneratedRegex(@"(backoff\s+time\s+|wait\s+(for\s+)?|retry\s+after\s+|try\s+again\s+(in|after)\s+)(?<n>\d+(\.\d+)?)\s*(?<unit>ms|msecs?|milliseconds?|s\b|secs?|seconds?|min(ute)?s?)", RegexOptions.IgnoreCase)]
    private static partial Regex Backoff();
}
