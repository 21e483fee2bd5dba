using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using SmimeAddin.Data;

namespace SmimeAddin.Auth;

/// <summary>The HMAC key local tokens are signed with: generated once, then read from the data folder, so
/// tokens survive a restart. Only the owner may read the file.</summary>
public sealed class LocalSigningKey
{
    private const string FileName = "local-signing-key";

    public SymmetricSecurityKey SecurityKey { get; }

    public LocalSigningKey(DataDirectory data)
    {
        var path = data.File(FileName);
        SecurityKey = new SymmetricSecurityKey(ReadOrCreate(path)) { KeyId = "local" };
    }

    private static byte[] ReadOrCreate(string path)
    {
        if (File.Exists(path))
            return Convert.FromBase64String(File.ReadAllText(path).Trim());

        var key = RandomNumberGenerator.GetBytes(32);
        var temporary = path + "." + Guid.NewGuid().ToString("N");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var writer = new StreamWriter(temporary, System.Text.Encoding.ASCII, options))
            writer.Write(Convert.ToBase64String(key));
        try
        {
            // Two processes starting together must end up with one key: the first move wins, the other reads it.
            File.Move(temporary, path, overwrite: false);
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
    }
}
