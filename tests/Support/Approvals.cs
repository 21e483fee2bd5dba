using System.Net.Http.Json;
using System.Text.Json;

namespace SmimeAddin.Tests.Support;

/// <summary>Approving as an approver does with the request's view in front of them.</summary>
public static class Approvals
{
    /// <summary>Reads the request's admin view, then approves it trusting every CA its file brought, by thumbprint.</summary>
    public static async Task<HttpResponseMessage> ApproveTrustingItsCasAsync(this HttpClient approver, Guid id, CancellationToken ct = default)
    {
        var view = await approver.GetFromJsonAsync<JsonElement>($"/api/admin/contact-requests/{id}", ct);
        var thumbprints = view.GetProperty("authorities").EnumerateArray().Select(a => a.GetProperty("thumbprint").GetString()).ToList();
        return await approver.PostAsJsonAsync($"/api/admin/contact-requests/{id}/approve", new { trustIssuers = thumbprints }, ct);
    }
}
