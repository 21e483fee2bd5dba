namespace SmimeAddin.Data;

/// <summary>The one folder where the app keeps its state (config key <c>DataDirectory</c>, default <c>data/</c>
/// beside the content root): the SQLite database (which holds the local signing key and the embedded directory).</summary>
public sealed class DataDirectory
{
    public string Path { get; }

    public DataDirectory(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration["DataDirectory"];
        Path = System.IO.Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? "data" : configured, environment.ContentRootPath);
        System.IO.Directory.CreateDirectory(Path);
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);
}
