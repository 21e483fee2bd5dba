using System.Security.Cryptography;
using SmimeAddin.Certificates;

namespace SmimeAddin.Trust;

/// <summary>One change of the list about to go to the directory, as decided on a fresh read under the lease: the CAs it
/// adds and removes (thumbprint and subject).</summary>
public sealed record TrustedIssuerWrite(TrustedIssuerList Before, SerializedStore After)
{
    public IReadOnlyList<(string Thumbprint, string? Subject)> Added => Difference(After, Before.Store);

    public IReadOnlyList<(string Thumbprint, string? Subject)> Removed => Difference(Before.Store, After);

    /// <summary>"added: T1 (CN=…); removed: T2 (CN=…)", without the subjects when they would not fit in
    /// <paramref name="limit"/> characters (an audit line holds 4000).</summary>
    public string Describe(int limit = 4000)
    {
        var full = Text(withSubjects: true);
        return full.Length <= limit ? full : Text(withSubjects: false);
    }

    /// <summary>A failed write by its kind ("Directory Unavailable", "Directory Rejected"), or by the exception's type:
    /// the directory's own words belong in the server log, not in an audit line shown through the API.</summary>
    public static string FailureKind(Exception failure) =>
        failure is SmimeAddin.Directory.DirectoryException directory ? $"Directory {directory.Failure}" : failure.GetType().Name;

    private string Text(bool withSubjects)
    {
        string List(IReadOnlyList<(string Thumbprint, string? Subject)> cas) => cas.Count == 0 ? "none"
            : string.Join(", ", cas.Select(ca => withSubjects && ca.Subject is { } subject ? $"{ca.Thumbprint} ({subject})" : ca.Thumbprint));
        return $"added: {List(Added)}; removed: {List(Removed)}";
    }

    private static List<(string Thumbprint, string? Subject)> Difference(SerializedStore from, SerializedStore without)
    {
        var kept = without.CertificateDers.Select(Thumbprint).ToHashSet();
        return from.CertificateDers.Where(der => !kept.Contains(Thumbprint(der))).DistinctBy(Thumbprint)
            .Select(der => (Thumbprint(der), DerFile.CertificateOrNull(der) is { } certificate ? CertificateFacts.Subject(certificate) : null))
            .ToList();
    }

    private static string Thumbprint(byte[] der) => Convert.ToHexString(SHA1.HashData(der));
}

/// <summary>How a caller of <see cref="TrustedIssuerStore.UpdateAsync{T}"/> records a write: <see cref="Intent"/> runs
/// before the directory is written (answering false writes nothing), <see cref="Outcome"/> after it, with the failure
/// when it failed. The store passes them no token: what a write records must not depend on a client staying
/// connected, so each chooses its own (the audit saves with none).</summary>
public sealed record TrustedIssuerWriteRecord(Func<TrustedIssuerWrite, Task<bool>> Intent, Func<TrustedIssuerWrite, Exception?, Task> Outcome);
