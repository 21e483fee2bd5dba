using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using SmimeAddin.Resources;

namespace SmimeAddin.Http;

/// <summary>The <c>page</c> (from 1) and <c>pageSize</c> (1 to 200, default 50) of every paged list; out of range is a
/// validation problem rather than a silent correction.</summary>
public sealed record Paging(int Page, int PageSize)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public int Skip => (Page - 1) * PageSize;

    public static ProblemHttpResult? Refusal(Paging paging, IStringLocalizer<Messages> text) => paging switch
    {
        { Page: < 1 } => Problems.Validation("page", text, "Paging.PageOutOfRange"),
        { PageSize: < 1 or > MaxPageSize } => Problems.Validation("pageSize", text, "Paging.PageSizeOutOfRange", MaxPageSize),
        _ => null,
    };
}
