using System.Net.Http.Json;
using System.Text.Json;

namespace SmimeAddin.Tests.Support;

/// <summary>The parts of a problem details answer the tests assert on.</summary>
public sealed record Problem(int Status, string Code, string Type, string Title, JsonElement Body)
{
    public static async Task<Problem> ReadAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new Problem(
            body.GetProperty("status").GetInt32(),
            body.GetProperty("code").GetString()!,
            body.GetProperty("type").GetString()!,
            body.GetProperty("title").GetString()!,
            body);
    }
}
