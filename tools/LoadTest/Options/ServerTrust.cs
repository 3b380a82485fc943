using System.Net;
using Fleet.Client;

namespace Fleet.LoadTest.Options;

/// <summary>The TLS trust --ca-file asks for, for the agents and for the management API client.</summary>
public static class ServerTrust
{
    public static OpAmpClientTlsOptions? From(LoadTestOptions options) =>
        options.CaFile is { Length: > 0 } path ? new OpAmpClientTlsOptions { ServerCaPem = File.ReadAllText(path) } : null;

    /// <summary>A handler for the management API with the agents' trust (and, as before, no gzip).</summary>
    public static SocketsHttpHandler ApiHandler(LoadTestOptions options, int maxConnections = int.MaxValue)
    {
        var handler = OpAmpHttpHandlers.Create(null, From(options));
        handler.AutomaticDecompression = DecompressionMethods.None;
        handler.MaxConnectionsPerServer = maxConnections;
        return handler;
    }
}
