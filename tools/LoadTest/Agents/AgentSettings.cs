using System.Net;
using Fleet.Client;
using Fleet.Contracts.OpAmp;
using Fleet.LoadTest.Options;

namespace Fleet.LoadTest.Agents;

/// <summary>What every agent of one process shares: options, the initial effective config, headers, HTTP pools.</summary>
public sealed class AgentSettings(LoadTestOptions options, AgentConfigMap initialConfig)
{
    private readonly Dictionary<string, HttpClient> _sharedHttp = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public LoadTestOptions Options { get; } = options;

    public AgentConfigMap InitialConfig { get; } = initialConfig;

    /// <summary>One dictionary for all agents: the client only reads it.</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(options.Headers, StringComparer.OrdinalIgnoreCase);

    /// <summary>--ca-file, read once for all agents (one PEM string, so they share the client's handler cache).</summary>
    public OpAmpClientTlsOptions? Tls { get; } = ServerTrust.From(options);

    /// <summary>With --shared-http-connections: one pool per source address.</summary>
    public HttpClient SharedHttpClient(IPAddress? source)
    {
        lock (_lock)
        {
            var key = source?.ToString() ?? "";
            if (!_sharedHttp.TryGetValue(key, out var client))
            {
                var handler = OpAmpHttpHandlers.Create(source, Tls);
                handler.ConnectTimeout = Options.AttemptTimeout;
                client = new HttpClient(handler, disposeHandler: true)
                {
                    Timeout = Options.AttemptTimeout,
                };
                _sharedHttp[key] = client;
            }
            return client;
        }
    }
}
