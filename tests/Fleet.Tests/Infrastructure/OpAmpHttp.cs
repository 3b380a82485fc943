using Fleet.Contracts.OpAmp;
using Google.Protobuf;

namespace Fleet.Tests.Infrastructure;

/// <summary>Plain-HTTP OpAMP as tests use it, on an HttpClient pointed at an OpAMP port.</summary>
public static class OpAmpHttp
{
    /// <summary>POSTs one AgentToServer to /v1/opamp and returns the reply; fails the test on a non-2xx status.</summary>
    public static async Task<ServerToAgent> Poll(this HttpClient opAmp, AgentToServer message)
    {
        var content = new ByteArrayContent(message.ToByteArray());
        content.Headers.ContentType = new("application/x-protobuf");
        using var response = await opAmp.PostAsync("/v1/opamp", content);
        response.EnsureSuccessStatusCode();
        return ServerToAgent.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
    }
}
