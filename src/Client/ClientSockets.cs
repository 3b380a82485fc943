using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Fleet.Client;

/// <summary>
/// One HTTP handler per local source address, shared by all connections from it: binding different
/// loopback sources (127.0.0.x) lets one process open more connections than one address's ports allow.
/// </summary>
internal static class ClientSockets
{
    private static readonly ConcurrentDictionary<string, HttpMessageInvoker> Invokers = new();

    public static HttpMessageInvoker Invoker(IPAddress? localAddress) =>
        Invokers.GetOrAdd(localAddress?.ToString() ?? "", _ => new HttpMessageInvoker(Handler(localAddress)));

    public static SocketsHttpHandler Handler(IPAddress? localAddress)
    {
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.GZip,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = int.MaxValue,
        };
        if (localAddress is not null)
        {
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(localAddress, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }
        return handler;
    }
}
