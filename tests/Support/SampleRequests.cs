using SmimeAddin.ContactRequests;

namespace SmimeAddin.Tests.Support;

/// <summary>A contact request as the request and worker code hold it, at the state a notification follows.</summary>
internal static class SampleRequests
{
    public static ContactRequest For(string emailAddress = "jo.partner@fabrikam.example", ContactRequestStatus status = ContactRequestStatus.Pending) => new()
    {
        Id = Guid.NewGuid(),
        EmailAddress = emailAddress,
        NormalizedEmailAddress = emailAddress.ToLowerInvariant(),
        DisplayName = "Jo Partner",
        ContactName = "Jo Partner_SMIME",
        RequestedBy = ApiFactory.Requester,
        RequestedByName = "René Requester",
        RequestedAt = DateTimeOffset.UtcNow,
        Status = status,
    };
}
