using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SmimeAddin.Auth;
using SmimeAddin.Data;
using SmimeAddin.Http;
using SmimeAddin.Resources;

namespace SmimeAddin.Notifications;

/// <summary>The embedded outbox, for approvers: what would have been mailed, newest first.</summary>
public static class NotificationsApi
{

    public static RouteGroupBuilder MapNotifications(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/admin/notifications").WithTags("Notifications").RequireAuthorization(Roles.Approve)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/outbox", ListOutboxAsync)
            .WithSummary("Messages the embedded notifier kept instead of mailing them, newest first, paged.");
        return group;
    }

    public static async Task<Results<Ok<OutboxPage>, ProblemHttpResult>> ListOutboxAsync(AppDbContext db,
        IStringLocalizer<Messages> text, CancellationToken ct, int page = 1, int pageSize = Paging.DefaultPageSize)
    {
        var paging = new Paging(page, pageSize);
        if (Paging.Refusal(paging, text) is { } refused)
            return refused;
        var total = await db.OutboxMessages.CountAsync(ct);
        // Ids grow with each insert: newest first without ordering on converted instants.
        var messages = await db.OutboxMessages.AsNoTracking().OrderByDescending(m => m.Id)
            .Skip(paging.Skip).Take(pageSize).ToListAsync(ct);
        return TypedResults.Ok(new OutboxPage(messages.Select(OutboxMessageView.From).ToList(), page, pageSize, total));
    }
}
