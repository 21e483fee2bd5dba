using System.Net;
using SmimeAddin.ContactRequests;
using SmimeAddin.Tests.Support;
using static SmimeAddin.Tests.ContactRequests.Provisioning.Provisioning;

namespace SmimeAddin.Tests.ContactRequests.Provisioning;

/// <summary>The retry route's refusals.</summary>
public sealed class ProvisioningApiTests : IDisposable
{
    private readonly ApiFactory factory = new();

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task RetryOfAnUnknownRequestIsNotFound()
    {
        var client = await factory.ClientForAsync(ApiFactory.Approver);

        var problem = await Problem.ReadAsync(await client.PostAsync($"/api/admin/contact-requests/{Guid.NewGuid()}/retry", null));

        Assert.Equal((404, "UnknownRequest"), (problem.Status, problem.Code));
    }

    [Theory]
    [InlineData(ContactRequestStatus.Pending)]
    [InlineData(ContactRequestStatus.Approved)]
    [InlineData(ContactRequestStatus.Provisioned)]
    [InlineData(ContactRequestStatus.Rejected)]
    public async Task RetryOfARequestThatHasNotFailedIsAConflict(ContactRequestStatus status)
    {
        var request = Approved(new TestPki(), "lena.stork@fabrikam.example", "LenaStork_SMIME");
        request.Status = status;
        request.NextAttemptAt = DateTimeOffset.UtcNow.AddDays(1); // keeps an Approved one away from the worker
        await InsertAsync(factory, request);
        var client = await factory.ClientForAsync(ApiFactory.Approver);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr");

        var problem = await Problem.ReadAsync(await client.PostAsync($"/api/admin/contact-requests/{request.Id}/retry", null));

        Assert.Equal((409, "NotFailed"), (problem.Status, problem.Code));
        Assert.Contains($"à l'état {status}", problem.Title);
        Assert.Equal(status, (await FindAsync(factory, request.Id))!.Status);
    }

    [Fact]
    public async Task RetryNeedsTheApproverRole()
    {
        var client = await factory.ClientForAsync(ApiFactory.Requester);

        var response = await client.PostAsync($"/api/admin/contact-requests/{Guid.NewGuid()}/retry", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
