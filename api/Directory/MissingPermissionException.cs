namespace SmimeAddin.Directory;

/// <summary>Why a directory call is <see cref="DirectoryFailure.Forbidden"/>: the operation the directory did not let the
/// app run and the permission (an Exchange role, or the app's consent) that would let it. It travels as the
/// <see cref="Exception.InnerException"/> of that <see cref="DirectoryException"/>; both names are the app's own words,
/// never the directory's, so they may be shown to admins.</summary>
/// <param name="operation">The cmdlet (or sign-in) refused.</param>
/// <param name="permission">The role's name as Exchange spells it (never translated), or the sign-in's needs.</param>
/// <param name="message">One English sentence naming both, for logs, health and the request's failure.</param>
public sealed class MissingPermissionException(string operation, string permission, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public string Operation { get; } = operation;
    public string Permission { get; } = permission;

    /// <summary>The missing permission behind <paramref name="failure"/>, when it is a Forbidden failure that says.</summary>
    public static MissingPermissionException? Of(DirectoryException failure) =>
        failure.Failure == DirectoryFailure.Forbidden ? failure.InnerException as MissingPermissionException : null;
}
