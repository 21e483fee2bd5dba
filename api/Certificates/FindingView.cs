using Microsoft.Extensions.Localization;
using SmimeAddin.Resources;

namespace SmimeAddin.Certificates;

/// <param name="Code">Stable code, e.g. Expired, AddressMismatch, IssuerNotTrusted.</param>
/// <param name="Severity">error or warning.</param>
/// <param name="Message">The finding in the caller's language.</param>
public sealed record FindingView(string Code, string Severity, string Message)
{
    public static FindingView From(Finding finding, IStringLocalizer<Messages> text) =>
        new(finding.Code.ToString(), finding.Severity == Certificates.Severity.Error ? "error" : "warning",
            text["Finding." + finding.Code, finding.Arguments.ToArray<object>()]);
}
