using SmimeAddin.Directory.Embedded;

namespace SmimeAddin.Directory;

public static class DirectorySetup
{
    public static WebApplicationBuilder AddDirectory(this WebApplicationBuilder builder) =>
        builder.AddEmbeddedDirectory();
}
