namespace SmimeAddin.Directory;

/// <summary>How long a directory adapter may wait, in all, to run again single calls the directory throttled or an
/// outage failed, within one operation. A user's request waits a few seconds at most; background work (provisioning) says so with
/// <see cref="Background"/> and may wait longer, since nobody is waiting for the answer.</summary>
public static class DirectoryCallRetry
{
    private static readonly AsyncLocal<bool> background = new();

    /// <summary>True inside <see cref="Background"/>.</summary>
    public static bool InBackground => background.Value;

    /// <summary>Directory calls made until the scope is disposed are background work.</summary>
    public static IDisposable Background()
    {
        var before = background.Value;
        background.Value = true;
        return new Restore(before);
    }

    private sealed class Restore(bool before) : IDisposable
    {
        public void Dispose() => background.Value = before;
    }
}
