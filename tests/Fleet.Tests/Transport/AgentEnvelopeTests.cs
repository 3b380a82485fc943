using Fleet.Contracts.Agents;
using Fleet.Contracts.OpAmp;
using Fleet.Tests.Infrastructure;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Fleet.Tests.Transport;

public class AgentEnvelopeTests
{
    private static readonly IServiceProvider Services = new ServiceCollection()
        .AddSerializer(s => s.AddAssembly(typeof(AgentEnvelope).Assembly))
        .BuildServiceProvider();

    private static AgentEnvelope Envelope()
    {
        var message = Messages.First(Guid.CreateVersion7(), "envelope");
        var connection = new AgentConnection(Guid.CreateVersion7(), AgentTransport.WebSocket, "gateway-1", null);
        return new AgentEnvelope(message.ToByteArray(), connection) { Parsed = message };
    }

    [Fact]
    public void Serialize_ParsedMessage_NeverCrossesProcesses()
    {
        var envelope = Envelope();
        var serializer = Services.GetRequiredService<Serializer>();

        var received = serializer.Deserialize<AgentEnvelope>(serializer.SerializeToArray(envelope))!;

        Assert.Null(received.Parsed); // the grain on the other side parses the bytes
        Assert.Equal(envelope.Message, received.Message);
        Assert.Equal(envelope.Connection.ConnectionId, received.Connection.ConnectionId);
    }

    [Fact]
    public void Copy_InProcess_PassedAsIsWithItsParsedMessage()
    {
        var envelope = Envelope();

        var copy = Services.GetRequiredService<DeepCopier>().Copy(envelope);

        Assert.Same(envelope, copy); // [Immutable]: a local grain call gets the gateway's parse
        Assert.Same(envelope.Parsed, copy.Parsed);
    }
}
