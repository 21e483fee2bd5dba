using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using SmimeAddin.Data;

namespace SmimeAddin.Auth;

/// <summary>The HMAC key local tokens are signed with: generated once, then read from the database, so tokens survive a
/// restart and any instance on the same database accepts another's tokens.</summary>
public sealed class LocalSigningKey(IDbContextFactory<AppDbContext> contexts)
{
    private readonly Lazy<SymmetricSecurityKey> key = new(() => new SymmetricSecurityKey(ReadOrCreate(contexts)) { KeyId = SigningKey.Local });

    // Read on first use rather than at construction: the database is migrated by then.
    public SymmetricSecurityKey SecurityKey => key.Value;

    private static byte[] ReadOrCreate(IDbContextFactory<AppDbContext> contexts)
    {
        using var db = contexts.CreateDbContext();
        if (Stored(db) is { } stored)
            return stored;
        db.SigningKeys.Add(new SigningKey { Name = SigningKey.Local, Key = RandomNumberGenerator.GetBytes(32) });
        try
        {
            db.SaveChanges();
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // Another instance starting at the same time stored its key first: everyone uses that one.
        }
        return Stored(db) ?? throw new InvalidOperationException("The local signing key could not be stored.");
    }

    private static byte[]? Stored(AppDbContext db) =>
        db.SigningKeys.AsNoTracking().Where(k => k.Name == SigningKey.Local).Select(k => k.Key).SingleOrDefault();
}
