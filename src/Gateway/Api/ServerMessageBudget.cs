using Fleet.Contracts.Agents;
using Fleet.Contracts.OpAmp;
using Google.Protobuf;

namespace Fleet.Gateway.Api;

/// <summary>
/// Refuses, at the API, what could never reach an agent: the gateway does not send a ServerToAgent over
/// <c>Fleet:Gateway:MaxMessageBytes</c> (the spec's outgoing limit), so a config or custom message that
/// would make one is answered 413 here rather than accepted and then dropped at every send.
/// </summary>
public static class ServerMessageBudget
{
    /// <summary>Room for what may ride in the same message: uid, hash, flags, heartbeat, a package offer.</summary>
    public const int Overhead = 4096;

    public static IResult? RefuseConfig(IReadOnlyDictionary<string, ConfigFile> files, int maxMessageBytes)
    {
        var map = new AgentConfigMap();
        foreach (var (name, file) in files)
        {
            map.ConfigMap[name] = new AgentConfigFile { Body = ByteString.CopyFromUtf8(file.Body), ContentType = file.ContentType };
        }
        var encoded = new AgentRemoteConfig { Config = map, ConfigHash = ByteString.CopyFrom(new byte[32]) }.CalculateSize();
        return Refuse("config", encoded, maxMessageBytes);
    }

    public static IResult? RefuseCustomMessage(string capability, string type, int dataBytes, int maxMessageBytes) =>
        Refuse("custom message", System.Text.Encoding.UTF8.GetByteCount(capability) + System.Text.Encoding.UTF8.GetByteCount(type) + dataBytes, maxMessageBytes);

    private static IResult? Refuse(string what, int encodedBytes, int maxMessageBytes) =>
        (long)encodedBytes + Overhead <= maxMessageBytes
            ? null
            : Results.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: $"The {what} is too large to send to an agent",
                detail: $"Encoded for the agent it takes {encodedBytes} bytes; messages to agents are limited to {maxMessageBytes} bytes "
                    + $"(Fleet:Gateway:MaxMessageBytes, less {Overhead} for the rest of the message).");
}
