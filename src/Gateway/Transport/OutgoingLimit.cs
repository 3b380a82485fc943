using Fleet.Contracts.Agents;
using Fleet.Contracts.OpAmp;
using Fleet.Grains.Agents;
using Google.Protobuf;

namespace Fleet.Gateway.Transport;

/// <summary>
/// The spec's limit on what the server sends (WebSocket and plain-HTTP message size limits): a
/// ServerToAgent larger than <c>MaxMessageBytes</c> — the limit agents are expected to enforce too — is
/// never sent. The agent gets a short error in its place, so it knows a reply was dropped.
/// </summary>
public static class OutgoingLimit
{
    /// <summary>Whether a message of this size may go out; <paramref name="framingBytes"/> is the WebSocket header (0 over HTTP).</summary>
    public static bool Allows(int messageBytes, int framingBytes, int maxMessageBytes) => (long)messageBytes + framingBytes <= maxMessageBytes;

    /// <summary>What the agent is sent instead of a message over the limit.</summary>
    public static byte[] Refusal(Guid? instanceUid, int messageBytes, int maxMessageBytes) =>
        AgentReplies.Error(
            instanceUid is { } uid ? InstanceUid.ToByteString(uid) : ByteString.Empty,
            ServerErrorResponseType.Unknown,
            $"a server message of {messageBytes} bytes exceeds the {maxMessageBytes}-byte message size limit and was not sent")
        .ToByteArray();
}
