using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Fleet.Gateway.Transport;

/// <summary>
/// Lets the kernel find dead agents: a connection whose peer leaves sent data unacknowledged past the
/// timeout is reset (Linux TCP_USER_TIMEOUT). The kernel's per-socket timers cost nothing in the
/// process, where a pong deadline per socket is a runtime timer checked several times per interval.
/// </summary>
public static partial class DeadPeerTimeout
{
    // Linux: IPPROTO_TCP, TCP_USER_TIMEOUT (milliseconds).
    private const int TcpLevel = 6;
    private const int UserTimeoutOption = 18;

    /// <summary>Sets the timeout on every connection the listener accepts (no-op off Linux or for zero).</summary>
    public static ListenOptions UseDeadPeerTimeout(this ListenOptions listen, TimeSpan timeout)
    {
        if (!OperatingSystem.IsLinux() || timeout <= TimeSpan.Zero)
        {
            return listen;
        }
        var supported = true;
        listen.Use((context, next) =>
        {
            if (Volatile.Read(ref supported) && context.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
            {
                try
                {
                    Apply(socket, timeout);
                }
                catch (SocketException e)
                {
                    // A kernel or sandbox without the option: keep accepting agents; silent agents are
                    // still found by their grains (OfflineAfter), dead peers only by TCP's own retries.
                    Volatile.Write(ref supported, false);
                    var logger = listen.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DeadPeerTimeout));
                    LogUnsupported(logger, e.SocketErrorCode);
                }
            }
            return next();
        });
        return listen;
    }

    public static void Apply(Socket socket, TimeSpan timeout)
    {
        var milliseconds = (int)Math.Clamp(timeout.TotalMilliseconds, 1, int.MaxValue);
        socket.SetRawSocketOption(TcpLevel, UserTimeoutOption, BitConverter.GetBytes(milliseconds));
    }

    /// <summary>The timeout the kernel holds for the socket (zero: the system default).</summary>
    public static TimeSpan Read(Socket socket)
    {
        Span<byte> value = stackalloc byte[sizeof(int)];
        socket.GetRawSocketOption(TcpLevel, UserTimeoutOption, value);
        return TimeSpan.FromMilliseconds(BitConverter.ToInt32(value));
    }
}
