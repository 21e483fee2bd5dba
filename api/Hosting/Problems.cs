using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using SmimeAddin.Resources;

namespace SmimeAddin.Hosting;

/// <summary>Problem details with a stable reason code in <c>type</c> (as a URN) and in a <c>code</c> extension,
/// and a sentence in the caller's language.</summary>
public static class Problems
{
    public static string TypeFor(string code) => "urn:smimeaddin:problem:" + code;

    public static ProblemHttpResult Of(int status, string code, IStringLocalizer<Messages> text, string messageKey, params object[] arguments) =>
        TypedResults.Problem(
            title: text[messageKey, arguments],
            statusCode: status,
            type: TypeFor(code),
            extensions: new Dictionary<string, object?> { ["code"] = code });

    public static ValidationProblem Validation(string field, IStringLocalizer<Messages> text, string messageKey) =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { [field] = [text[messageKey]] },
            title: text["Problem.Validation"],
            type: TypeFor("Validation"),
            extensions: new Dictionary<string, object?> { ["code"] = "Validation" });
}
