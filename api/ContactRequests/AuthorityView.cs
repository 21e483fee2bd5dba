using Microsoft.Extensions.Localization;
using Org.BouncyCastle.X509;
using SmimeAddin.Certificates;
using SmimeAddin.Resources;
using SmimeAddin.Trust;

namespace SmimeAddin.ContactRequests;

/// <summary>A CA a request's file brought, as an approver must see it before trusting it for the whole organisation.</summary>
/// <param name="Thumbprint">SHA-1, what an approval names in trustIssuers.</param>
/// <param name="Trusted">Already in the trusted issuers.</param>
/// <param name="Warnings">LookalikeIssuer, NewRoot: each with a sentence in the caller's language.</param>
public sealed record AuthorityView(
    string Thumbprint,
    string Subject,
    string Issuer,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    string KeyAlgorithm,
    int KeySize,
    bool SelfSigned,
    bool Trusted,
    IReadOnlyList<FindingView> Warnings)
{
    public static AuthorityView From(X509Certificate authority, TrustedIssuerList trusted, IStringLocalizer<Messages> text)
    {
        var key = CertificateFacts.Key(authority);
        return new(
            CertificateFacts.Sha1Thumbprint(authority),
            CertificateFacts.Subject(authority),
            CertificateFacts.Issuer(authority),
            new DateTimeOffset(authority.NotBefore, TimeSpan.Zero),
            new DateTimeOffset(authority.NotAfter, TimeSpan.Zero),
            key.Algorithm,
            key.Bits,
            CertificateAuthorities.IsSelfSigned(authority),
            trusted.Certificates.Contains(authority),
            IssuerWarnings.For(authority, trusted).Select(w => Warning(w, text)).ToList());
    }

    private static FindingView Warning(IssuerWarning warning, IStringLocalizer<Messages> text) => warning.Code switch
    {
        IssuerWarningCode.LookalikeIssuer => new(nameof(IssuerWarningCode.LookalikeIssuer), "warning",
            text[warning.LikeTrusted ? "IssuerWarning.LookalikeTrusted" : "IssuerWarning.LookalikePublic", warning.LikeSubject ?? ""]),
        _ => new(warning.Code.ToString(), "warning", text["IssuerWarning." + warning.Code]),
    };
}
