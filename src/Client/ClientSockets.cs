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
    private static readonly ConcurrentDictionary<(string LocalAddress, string? ServerCaPem), SocketsHttpHandler> Handlers = new();
    private static readonly HttpRequestOptionsKey<OpenedSocket> Opened = new("Fleet.Client.OpenedSocket");

    /// <summary>The shared handler; a connection presenting its own client certificate needs a handler of its own instead.</summary>
    public static SocketsHttpHandler SharedHandler(IPAddress? localAddress, string? serverCaPem) =>
        Handlers.GetOrAdd((localAddress?.ToString() ?? "", serverCaPem), _ => Handler(localAddress, new OpAmpClientTlsOptions { ServerCaPem = serverCaPem }));

    public static SocketsHttpHandler Handler(IPAddress? localAddress, OpAmpClientTlsOptions? tls)
    {
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.GZip,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = int.MaxValue,
        };
        ClientTls.Apply(handler, tls);
        handler.ConnectCallback = async (context, cancellationToken) =>
        {
            // A WebSocket upgrade brings the socket it already opened (see Open).
            if (context.InitialRequestMessage.Options.TryGetValue(Opened, out var opened) && opened.Take() is { } socket)
            {
                return new NetworkStream(socket, ownsSocket: true);
            }
            return new NetworkStream(await Connect(context.DnsEndPoint, localAddress, cancellationToken), ownsSocket: true);
        };
        return handler;
    }

    /// <summary>
    /// Opens the TCP connection of a WebSocket upgrade before handing the request to the HTTP stack,
    /// which then uses it (<see cref="WithSocket"/>). A server that cannot be reached is returned as
    /// the socket error, not thrown: through the handler and ClientWebSocket it was rethrown some 25
    /// times (a fleet retrying a gateway that is down spent ~0.4 ms of CPU per attempt on it). No
    /// socket when a proxy is configured for the endpoint: the handler connects to the proxy itself.
    /// </summary>
    public static async Task<(Socket? Socket, SocketException? Unreachable)> Open(Uri endpoint, IPAddress? localAddress, CancellationToken cancellationToken)
    {
        var http = new UriBuilder(endpoint) { Scheme = endpoint.Scheme == "wss" ? "https" : "http" }.Uri;
        if (HttpClient.DefaultProxy.GetProxy(http) is { } proxy && proxy != http)
        {
            return (null, null);
        }
        var socket = NewSocket(endpoint.IdnHost, localAddress, out var address);
        var connecting = (address is null
            ? socket.ConnectAsync(new DnsEndPoint(endpoint.IdnHost, endpoint.Port), cancellationToken)
            : socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellationToken)).AsTask();
        await connecting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (connecting.IsCompletedSuccessfully)
        {
            return (socket, null);
        }
        socket.Dispose();
        if (connecting.Exception?.InnerException is SocketException unreachable)
        {
            return (null, unreachable);
        }
        await connecting; // cancelled, or an error of another kind: thrown as it is
        return (null, null);
    }

    /// <summary>An invoker whose next connection is <paramref name="socket"/> (when not null); dispose it after the request.</summary>
    public static HttpMessageInvoker WithSocket(SocketsHttpHandler handler, Socket? socket) =>
        socket is null ? new HttpMessageInvoker(handler, disposeHandler: false) : new HttpMessageInvoker(new OpenedSocketHandler(handler, new OpenedSocket(socket)), disposeHandler: true);

    private static async Task<Socket> Connect(DnsEndPoint endpoint, IPAddress? localAddress, CancellationToken cancellationToken)
    {
        var socket = NewSocket(endpoint.Host, localAddress, out var address);
        try
        {
            await (address is null ? socket.ConnectAsync(endpoint, cancellationToken) : socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellationToken));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A TCP socket bound to <paramref name="localAddress"/> when given. A host that is an address
    /// needs no resolving (<paramref name="address"/>); connecting to a name tries each of its
    /// addresses, and each refusal on the way is one more exception thrown and caught.
    /// </summary>
    private static Socket NewSocket(string host, IPAddress? localAddress, out IPAddress? address)
    {
        address = IPAddress.TryParse(host, out var parsed) ? parsed : null;
        var family = localAddress?.AddressFamily ?? address?.AddressFamily;
        var socket = family is { } known
            ? new Socket(known, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true }
            : new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (localAddress is not null)
        {
            try
            {
                DeferPortToConnect(socket);
                socket.Bind(new IPEndPoint(localAddress, 0));
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        return socket;
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

    /// <summary>A socket handed to exactly one connection; disposed if none took it.</summary>
    private sealed class OpenedSocket(Socket socket) : IDisposable
    {
        private Socket? _socket = socket;

        public Socket? Take() => Interlocked.Exchange(ref _socket, null);

        public void Dispose() => Take()?.Dispose();
    }

    /// <summary>Tags the request with its opened socket, for the shared handler's connect callback to find.</summary>
    private sealed class OpenedSocketHandler(SocketsHttpHandler shared, OpenedSocket socket) : DelegatingHandler(shared)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Options.Set(Opened, socket);
            return base.SendAsync(request, cancellationToken);
        }

        protected override void Dispose(bool disposing)
        {
            // The shared handler stays; only an opened socket no connection took goes.
            if (disposing)
            {
                socket.Dispose();
            }
        }
    }
}
