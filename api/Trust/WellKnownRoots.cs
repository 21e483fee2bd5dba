using Org.BouncyCastle.Asn1.X509;

namespace SmimeAddin.Trust;

/// <summary>The public roots browsers trust (WellKnownRoots.tsv says where the list comes from), by subject and key:
/// what a look-alike root imitates. Read once, from the copy built into the app.</summary>
internal static class WellKnownRoots
{
    public sealed record Root(X509Name Subject, string SpkiSha256);

    public static IReadOnlyList<Root> All { get; } = Load();

    private static List<Root> Load()
    {
        using var stream = typeof(WellKnownRoots).Assembly.GetManifestResourceStream("SmimeAddin.Trust.WellKnownRoots.tsv")
            ?? throw new InvalidOperationException("WellKnownRoots.tsv is not built into the app.");
        using var reader = new StreamReader(stream);
        var roots = new List<Root>();
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith('#') || line.Length == 0)
                continue;
            var columns = line.Split('\t');
            roots.Add(new(X509Name.GetInstance(Convert.FromBase64String(columns[1])), columns[0]));
        }
        return roots;
    }
}
