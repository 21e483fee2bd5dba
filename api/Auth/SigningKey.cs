namespace SmimeAddin.Auth;

/// <summary>A key the app signs with, kept in the database so that every instance on it signs and checks alike.</summary>
public sealed class SigningKey
{
    public const string Local = "local";

    public required string Name { get; set; }
    public required byte[] Key { get; set; }
}
