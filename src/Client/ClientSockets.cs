using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Fleet.Client;

/// <summary>
/// One HTTP handler per local source address (and trusted server CA), shared by all connections from it:
/// binding different loopback sources (127.0.0.x) lets one process open more connections than one
/// address's ports allow.
/// </summary>
internal static class ClientSockets
{
    private static readonly ConcurrentDictionary<(string LocalAddress, string? ServerCaPem), HttpMessageInvoker> Invokers = new();

    /// <summary>The shared invoker; a connection presenting its own client certificate needs a handler of its own instead.</summary>
    public static HttpMessageInvoker SharedInvoker(IPAddress? localAddress, string? serverCaPem) =>
        Invokers.GetOrAdd((localAddress?.ToString() ?? "", serverCaPem), _ => new HttpMessageInvoker(Handler(localAddress, new OpAmpClientTlsOptions { ServerCaPem = serverCaPem })));

    public static SocketsHttpHandler Handler(IPAddress? localAddress, OpAmpClientTlsOptions? tls)
    {
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.GZip,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = int.MaxValue,
        };
        ClientTls.Apply(handler, tls);
        if (localAddress is not null)
        {
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(localAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    DeferPortToConnect(socket);
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

    // Linux's IP_BIND_ADDRESS_NO_PORT (IPPROTO_IP, 24).
    private const int IpProtocolLevel = 0;
    private const int BindAddressNoPort = 24;

    /// <summary>
    /// Binding a source address picks a local port at bind time, which needs a port unused by any
    /// socket of that address: with thousands open, the kernel searches its port range under lock on
    /// every bind (the generator spent most of its CPU in the kernel during reconnect storms). Deferred
    /// to connect, a port is only unique per destination and found the fast way.
    /// </summary>
    private static void DeferPortToConnect(Socket socket)
    {
        if (OperatingSystem.IsLinux())
        {
            socket.SetRawSocketOption(IpProtocolLevel, BindAddressNoPort, BitConverter.GetBytes(1));
        }
    }
}
