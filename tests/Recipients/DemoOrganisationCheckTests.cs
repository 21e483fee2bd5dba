using System.Net.Http.Json;
using System.Text.Json;
using SmimeAddin.Tests.Support;

namespace SmimeAddin.Tests.Recipients;

/// <summary>The cases the README promises a new user who runs the app on its embedded directory.</summary>
public sealed class DemoOrganisationCheckTests
{
    [Fact]
    public async Task EachDemoCaseHasTheStatusGalEntryAndFindingsTheReadmeDescribes()
    {
        using var factory = new ApiFactory().WithDemoOrganisation();
        var client = await factory.ClientForAsync(ApiFactory.Requester);
        string[] addresses =
        [
            "ada.admin@contoso.example", "rene.requester@contoso.example", "nina.reader@contoso.example",
            "m.dupont@contoso.example", "cravate.rouge@fabrikam.example", "jean.untrusted@tailspin.example",
            "paul.nobody@northwind.example",
        ];

        var response = await client.PostAsJsonAsync("/api/recipients/check", new { recipients = addresses.Select(a => new { emailAddress = a }) });

        var results = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recipients").EnumerateArray()
            .Select(r => (
                Status: r.GetProperty("status").GetString(),
                Entry: r.GetProperty("galEntry").ValueKind == JsonValueKind.Null ? null : r.GetProperty("galEntry").GetProperty("name").GetString(),
                Findings: string.Join(",", r.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString()))))
            .ToList();
        Assert.Equal(
        [
            ("ready", "ada.admin", ""),
            ("problem", "rene.requester", "Expired"),
            ("notPublished", "nina.reader", ""),
            ("ready", "marc.dupont", ""),
            ("ready", "CravateRouge_SMIME", ""),
            ("problem", "Untrusted_SMIME", "IssuerNotTrusted"),
            ("notPublished", null, ""),
        ], results);
    }
}
