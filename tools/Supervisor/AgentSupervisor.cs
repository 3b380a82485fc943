using Fleet.Client;
using Fleet.Contracts.OpAmp;
using Fleet.Supervisor.Agent;
using Fleet.Supervisor.Configuration;
using Fleet.Supervisor.Packages;
using Fleet.Supervisor.RemoteConfig;
using Fleet.Supervisor.Storage;

namespace Fleet.Supervisor;

/// <summary>
/// Runs one agent on behalf of an OpAMP server: starts and watches the agent process, reports its
/// health, applies remote configs (with rollback), restarts it on command, installs offered packages,
/// and on shutdown stops the agent and says goodbye (AgentDisconnect). The instance uid is kept in
/// storage, so the server sees the same agent across supervisor restarts.
/// </summary>
public sealed partial class AgentSupervisor : IAsyncDisposable
{
    private static readonly TimeSpan GoodbyeTimeout = TimeSpan.FromSeconds(5);
    private readonly SupervisorSettings _settings;
    private readonly ILogger _logger;
    private readonly SupervisorStorage _storage;
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly AgentRunner _runner;
    private readonly RemoteConfigApplier _configs;
    private readonly PackageManager _packages;
    private readonly ulong _capabilities;
    private readonly Lock _clientLock = new();
    private OpAmpClient? _client;

    public AgentSupervisor(SupervisorSettings settings, ILoggerFactory loggers)
    {
        _settings = settings;
        _logger = loggers.CreateLogger<AgentSupervisor>();
        _storage = new SupervisorStorage(settings.Storage.Directory);
        _runner = new AgentRunner(settings.Agent, _http, loggers);
        _configs = new RemoteConfigApplier(settings.Agent, _runner, _storage, loggers.CreateLogger<RemoteConfigApplier>());
        _packages = new PackageManager(settings.Agent, settings.Packages, _storage, _runner, _http, loggers, ServerHeaders);
        _capabilities = SupervisorCapabilities.From(settings.Capabilities);
        InstanceUid = _storage.LoadOrCreateInstanceUid();
        _runner.HealthChanged += health => Report(status => status.Health = health, AgentCapabilities.ReportsHealth);
        _packages.StatusesChanged += statuses => Report(status => status.PackageStatuses = statuses, AgentCapabilities.ReportsPackageStatuses);
    }

    /// <summary>The agent's instance uid (from storage, or as the server reassigned it).</summary>
    public Guid InstanceUid { get; private set; }

    /// <summary>Until <paramref name="stoppingToken"/> is cancelled; then stops the agent and disconnects.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        LogStarting(_logger, InstanceUid, _settings.Agent.Executable, _settings.Server.Endpoint);
        _runner.StartMonitoring();
        _packages.StartProcessing();
        try
        {
            // The agent runs whether or not the server can be reached; without a config it waits for one.
            var agentStarted = _configs.HasConfigFile
                ? _runner.StartAsync(stoppingToken)
                : _runner.StopAsync("waiting for a remote config", stoppingToken);
            await ConnectAsync(stoppingToken);
            await agentStarted;
            await Task.Delay(Timeout.InfiniteTimeSpan, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        await ShutDownAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _packages.DisposeAsync();
        if (TakeClient() is { } client)
        {
            await client.DisposeAsync();
        }
        await _runner.DisposeAsync();
        _http.Dispose();
    }

    /// <summary>Retries until the server answers once; after that the client reconnects by itself.</summary>
    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var backoff = _settings.Server.ConnectBackoff;
        var delay = backoff.Initial;
        while (true)
        {
            var client = CreateClient();
            try
            {
                await client.StartAsync(cancellationToken);
                LogConnected(_logger, _settings.Server.Endpoint);
                return;
            }
            catch (Exception e)
            {
                TakeClient();
                await client.DisposeAsync();
                if (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                LogConnectFailed(_logger, _settings.Server.Endpoint, e.Message, delay);
            }
            await Task.Delay(delay, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, backoff.Max.Ticks));
        }
    }

    private OpAmpClient CreateClient()
    {
        var client = new OpAmpClient(new OpAmpClientOptions
        {
            Endpoint = new Uri(_settings.Server.Endpoint),
            InstanceUid = InstanceUid,
            Description = AgentDescriptions.From(_settings.Agent),
            Capabilities = _capabilities,
            HeartbeatInterval = _settings.Server.HeartbeatInterval,
            Headers = new Dictionary<string, string>(_settings.Server.Headers),
        });
        client.OnRemoteConfig = (config, cancellationToken) =>
            _configs.ApplyAsync(config, applying => Report(status => status.RemoteConfigStatus = applying, AgentCapabilities.ReportsRemoteConfig), cancellationToken);
        client.OnRestart = RestartAgentAsync;
        client.OnPackagesAvailable = (offer, _) =>
        {
            _packages.Offer(offer);
            return Task.CompletedTask;
        };
        client.MessageReceived += OnMessage;
        client.SendFailed += e => LogSendFailed(_logger, e.Message);
        client.Disconnected += closeStatus => LogDisconnected(_logger, closeStatus?.ToString() ?? "none");
        client.Reconnected += () => LogReconnected(_logger);

        lock (_clientLock)
        {
            // Everything known so far goes into the first (full) report; later changes go through Report.
            var status = client.Status;
            status.Health = Has(AgentCapabilities.ReportsHealth) ? _runner.Health : null;
            status.EffectiveConfig = Has(AgentCapabilities.ReportsEffectiveConfig) && _configs.EffectiveConfig() is { } effective
                ? new EffectiveConfig { ConfigMap = effective }
                : null;
            status.RemoteConfigStatus = Has(AgentCapabilities.ReportsRemoteConfig) ? _configs.LastStatus : null;
            status.PackageStatuses = Has(AgentCapabilities.ReportsPackageStatuses) ? _packages.Statuses : null;
            _client = client;
        }
        return client;
    }

    private async Task RestartAgentAsync(CancellationToken cancellationToken)
    {
        if (!_configs.HasConfigFile)
        {
            // Nothing to start the agent with yet: it waits for a remote config.
            LogRestartWithoutConfig(_logger);
            return;
        }
        LogRestartCommand(_logger);
        var restarted = await _runner.RestartAsync(cancellationToken);
        if (!restarted.Healthy)
        {
            LogRestartUnhealthy(_logger, restarted.Error!);
        }
    }

    private void OnMessage(ServerToAgent message)
    {
        if (message.AgentIdentification is { NewInstanceUid.Length: 16 } identification)
        {
            InstanceUid = new Guid(identification.NewInstanceUid.Span, bigEndian: true);
            _storage.SaveInstanceUid(InstanceUid);
            LogNewInstanceUid(_logger, InstanceUid);
        }
        if (message.ErrorResponse is { } error)
        {
            LogServerError(_logger, error.Type.ToString(), error.ErrorMessage);
        }
    }

    /// <summary>Stops the agent first, so the goodbye carries its final (stopped) health.</summary>
    private async Task ShutDownAsync()
    {
        LogStopping(_logger);
        await _runner.StopAsync("stopped: the supervisor is shutting down", CancellationToken.None);
        if (TakeClient() is { } client)
        {
            using var timeout = new CancellationTokenSource(GoodbyeTimeout);
            try
            {
                await client.DisconnectAsync(timeout.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or System.Net.WebSockets.WebSocketException or HttpRequestException)
            {
                LogGoodbyeFailed(_logger, e.Message);
            }
            await client.DisposeAsync();
        }
        LogStopped(_logger);
    }

    private void Report(Action<AgentStatusTracker> change, AgentCapabilities capability)
    {
        if (!Has(capability))
        {
            return;
        }
        lock (_clientLock)
        {
            if (_client is { } client)
            {
                change(client.Status);
                client.RequestSend();
            }
        }
    }

    private OpAmpClient? TakeClient()
    {
        lock (_clientLock)
        {
            var client = _client;
            _client = null;
            return client;
        }
    }

    private bool Has(AgentCapabilities capability) => (_capabilities & (ulong)capability) != 0;

    /// <summary>The OpAMP connection's current headers, for downloads from the OpAMP server's own host and port only.</summary>
    private IEnumerable<KeyValuePair<string, string>>? ServerHeaders(Uri download) =>
        Uri.TryCreate(_settings.Server.Endpoint, UriKind.Absolute, out var server)
        && string.Equals(server.Host, download.Host, StringComparison.OrdinalIgnoreCase) && server.Port == download.Port
            ? (_client?.Options.Headers ?? _settings.Server.Headers).ToList()
            : null;
}
