using System.Globalization;
using Org.BouncyCastle.X509;

namespace SmimeAddin.Certificates;

/// <summary>Could OWA encrypt to this address with this certificate? Every applicable finding, as data
/// (EXCHANGE.md, "What makes a certificate good for S/MIME encryption").</summary>
public static class CertificateJudge
{
    public static readonly TimeSpan DefaultExpiresSoonWindow = TimeSpan.FromDays(30);

    private static readonly HashSet<string> StrongCurves = ["P-256", "P-384", "P-521"];

    /// <param name="emailAddress">The address OWA would encrypt to; null judges the certificate alone.</param>
    /// <param name="trustedIssuers">The organisation's trusted issuers: the only anchors a chain may end at.</param>
    /// <param name="intermediates">Certificates that may complete a chain (from the upload, say); never trusted themselves.</param>
    public static Verdict Judge(X509Certificate certificate, string? emailAddress, IReadOnlyCollection<X509Certificate> trustedIssuers,
        IReadOnlyCollection<X509Certificate> intermediates, DateTimeOffset now, TimeSpan? expiresSoonWindow = null,
        CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        var malformed = CertificateFacts.MalformedParts(certificate);
        var findings = new List<Finding>();
        CheckValidity(certificate, now.UtcDateTime, expiresSoonWindow ?? DefaultExpiresSoonWindow, findings);
        if (!malformed.Contains("subjectAltName"))
            CheckAddress(CertificateFacts.EmailAddresses(certificate), emailAddress, findings);
        CheckUsage(certificate, findings);
        var signature = CertificateSignature.Algorithm(certificate);
        if (signature.IsWeak)
            findings.Add(Finding.Error(FindingCode.WeakSignature, signature.Name));
        if (certificate.GetBasicConstraints() >= 0)
            findings.Add(Finding.Error(FindingCode.IsCertificateAuthority));
        var search = TrustChain.Build(certificate, trustedIssuers, intermediates, now.UtcDateTime, ct);
        var chain = search.Chain;
        if (search.TooComplex)
            findings.Add(Finding.Error(FindingCode.ChainTooComplex, CertificateFacts.Issuer(certificate)));
        else if (chain is null)
            findings.Add(Finding.Error(FindingCode.IssuerNotTrusted, CertificateFacts.Issuer(certificate)));
        findings.AddRange(malformed.Select(part => Finding.Error(FindingCode.Malformed, part)));
        return new Verdict(findings, chain ?? [certificate]);
    }

    private static void CheckValidity(X509Certificate certificate, DateTime now, TimeSpan window, List<Finding> findings)
    {
        var (notBefore, notAfter) = (certificate.NotBefore, certificate.NotAfter);
        if (now < notBefore)
            findings.Add(Finding.Error(FindingCode.NotYetValid, Day(notBefore)));
        if (now > notAfter)
            findings.Add(Finding.Error(FindingCode.Expired, Day(notAfter)));
        else if (notAfter - now < window)
            findings.Add(Finding.Warning(FindingCode.ExpiresSoon, Day(notAfter),
                ((int)(notAfter - now).TotalDays).ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>SAN addresses decide; the subject's emailAddress only counts when SAN names none (RFC 8550 asks
    /// for every address in SAN, older CAs put it only in the subject).</summary>
    private static void CheckAddress(CertificateEmails emails, string? emailAddress, List<Finding> findings)
    {
        var found = emails.SubjectAltName.Count > 0 ? emails.SubjectAltName : emails.Subject;
        if (found.Count == 0)
            findings.Add(Finding.Error(FindingCode.NoEmailAddress));
        else if (emailAddress is not null && !found.Any(address => SameAddress(address, emailAddress)))
            findings.Add(Finding.Error(FindingCode.AddressMismatch, emailAddress, string.Join(", ", found)));
    }

    private static void CheckUsage(X509Certificate certificate, List<Finding> findings)
    {
        if (CertificateFacts.ExtendedKeyUsages(certificate) is { } purposes
            && !purposes.Contains(CertificateFacts.EmailProtection) && !purposes.Contains(CertificateFacts.AnyExtendedKeyUsage))
            findings.Add(Finding.Error(FindingCode.NotForEmail));

        var key = CertificateFacts.Key(certificate);
        if (CertificateFacts.IsKeyTooLarge(certificate))
            findings.Add(Finding.Error(FindingCode.KeyTooLarge, key.Description,
                CertificateFacts.MaxRsaKeyBits.ToString(CultureInfo.InvariantCulture)));
        var usages = CertificateFacts.KeyUsages(certificate);
        // RSA encrypts the content key (keyEncipherment); EC agrees on it by ECDH (keyAgreement, RFC 5753).
        // DSA, EdDSA and RSA-PSS keys are signature-only.
        var canEncrypt = key.Algorithm switch
        {
            "RSA" => usages is null || usages.Contains("keyEncipherment"),
            "EC" => usages is null || usages.Contains("keyAgreement"),
            _ => false,
        };
        if (!canEncrypt)
            findings.Add(Finding.Error(FindingCode.CannotEncrypt, key.Algorithm));

        var weak = key.Algorithm switch
        {
            "RSA" or "RSA-PSS" => key.Bits < 2048,
            "DSA" => true,
            "EC" => key.Curve is null || !StrongCurves.Contains(key.Curve),
            _ => false,
        };
        if (weak)
            findings.Add(Finding.Error(FindingCode.WeakKey, key.Description));
    }

    /// <summary>Whole address, ordinal ignore-case. Domains compared in their A-label form, so an SmtpUTF8Mailbox
    /// with a Unicode domain matches the address written in punycode.</summary>
    private static bool SameAddress(string inCertificate, string requested) =>
        string.Equals(AsciiDomain(inCertificate), AsciiDomain(requested), StringComparison.OrdinalIgnoreCase);

    private static string AsciiDomain(string address)
    {
        var at = address.LastIndexOf('@');
        if (at < 0 || !address.AsSpan(at + 1).ContainsAnyExceptInRange('\0', '\x7f'))
            return address;
        try { return string.Concat(address.AsSpan(0, at + 1), new IdnMapping().GetAscii(address[(at + 1)..])); }
        catch (ArgumentException) { return address; }
    }

    private static string Day(DateTime date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
