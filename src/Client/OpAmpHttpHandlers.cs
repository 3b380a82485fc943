using System.Net;

namespace Fleet.Client;

/// <summary>
/// HTTP handlers set up the way the client's own transports use them (gzip, unlimited connections per
/// server, optional source address and TLS settings), for callers that share one HttpClient between many
/// <see cref="OpAmpHttpConnection"/>s, such as a load generator.
/// </summary>
public static class OpAmpHttpHandlers
{
    public static SocketsHttpHandler Create(IPAddress? localAddress, OpAmpClientTlsOptions? tls = null) => ClientSockets.Handler(localAddress, tls);
}
