using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using SmimeAddin.Resources;

namespace SmimeAddin.Http;

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

    /// <summary>A 400 validation problem (errors per field) as a <see cref="ProblemHttpResult"/>, so that handlers
    /// declare one problem type for every refusal.</summary>
    public static ProblemHttpResult Validation(string field, IStringLocalizer<Messages> text, string messageKey, params object[] arguments) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [text[messageKey, arguments]] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = text["Problem.Validation"],
            Type = TypeFor("Validation"),
            Extensions = { ["code"] = "Validation" },
        });
}
