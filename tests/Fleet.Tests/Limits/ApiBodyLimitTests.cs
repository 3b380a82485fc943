using System.Net;
using System.Text;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Limits;

public class ApiBodyLimitTests(ApiBodyLimitTests.SmallApiBodyGateway gateway) : IClassFixture<ApiBodyLimitTests.SmallApiBodyGateway>
{
    public sealed class SmallApiBodyGateway : GatewayFixture
    {
        protected override IEnumerable<string> Settings => ["--Fleet:Gateway:Limits:ApiMaxRequestBytes=2000"];
    }

    [Fact]
    public async Task Put_DeclaredLengthOverLimit_413BeforeReading()
    {
        using var response = await gateway.Api.PutAsync($"/api/agents/{Guid.CreateVersion7()}/config", Json(3000));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Put_ChunkedBodyOverLimit_413()
    {
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(Body(3000))));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/agents/{Guid.CreateVersion7()}/config") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await gateway.Api.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Put_UnderLimit_Handled()
    {
        // An unknown agent: the body was read and bound, and the answer is about the agent.
        using var response = await gateway.Api.PutAsync($"/api/agents/{Guid.CreateVersion7()}/config", Json(1000));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static StringContent Json(int size) => new(Body(size), Encoding.UTF8, "application/json");

    private static string Body(int size)
    {
        const string head = "{\"files\":{\"a.yaml\":{\"body\":\"";
        const string tail = "\"}}}";
        return head + new string('x', size - head.Length - tail.Length) + tail;
    }
}
