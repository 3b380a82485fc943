using System.Net.Sockets;

namespace Fleet.Gateway.Transport;

public static partial class DeadPeerTimeout
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "TCP_USER_TIMEOUT is not supported here ({Error}): dead agents are found by TCP retransmission limits and their grains' heartbeat deadlines only")]
    private static partial void LogUnsupported(ILogger logger, SocketError error);
}
