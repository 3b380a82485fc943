using System.Net.WebSockets;
using Fleet.Gateway.Limits;
using Google.Protobuf;

namespace Fleet.Gateway.Transport;

public sealed partial class WebSocketSession
{
    /// <summary>
    /// A message over the connection's rate: not routed, answered UNAVAILABLE + RetryInfo, socket kept.
    /// Nothing is lost for the agent: its grain sees a sequence gap on the next accepted message and
    /// asks for full state. A connection that keeps flooding is closed with 1008.
    /// </summary>
    /// <returns>false when the connection must end.</returns>
    private async Task<bool> RefuseOverRate(MessageRate rate, MessageAdmission admission, CancellationToken aborted)
    {
        if (admission == MessageAdmission.Close)
        {
            metrics.Refused("message_flood");
            LogFlooding(logger, ConnectionId, _uid);
            await Close(WebSocketCloseStatus.PolicyViolation, "too many messages; slow down", aborted);
            return false;
        }
        metrics.Refused("message_rate");
        LogOverRate(logger, ConnectionId, _uid, rate.RetryAfter);
        var uid = _uid is { } known ? Contracts.Agents.InstanceUid.ToByteString(known) : ByteString.Empty;
        var refusal = AgentMessageRouter.Unavailable(uid, "too many messages on this connection; retry later", rate.RetryAfter);
        metrics.Sent("reply");
        await Send(refusal.Message, aborted);
        return true;
    }
}
