using System.Diagnostics;
using Fleet.Client;
using Fleet.Contracts.OpAmp;
using Fleet.LoadTest.Options;
using Google.Protobuf;

namespace Fleet.LoadTest.Agents;

/// <summary>
/// One simulated agent: connects (and reconnects with backoff when its socket is lost), heartbeats or
/// polls through the Fleet client, applies or fails remote configs, and reports timings to the metrics.
/// </summary>
public sealed class SimulatedAgent
{
    /// <summary>Each heartbeat or poll wait varies by up to ±10 % (unless --no-jitter).</summary>
    public const double SimulatedHeartbeatJitter = 0.1;

    private readonly AgentSettings _settings;
    private readonly AgentMetrics _metrics;
    private readonly AgentDescription _description;
    private ComponentHealth _health = AgentProfile.Health(healthy: true);
    private OpAmpClient? _client;
    private int _online;
    private bool _repliedOnConnection;
    private bool _everReplied;
    private long _connectStartTicks;
    private long _pendingSendTicks;
    private MessageKind _pendingKind;
    private long _configReceivedTicks;
    private ByteString? _configReceivedHash;
    private volatile bool _stopping;

    public SimulatedAgent(int index, Guid uid, AgentSettings settings, AgentMetrics metrics)
    {
        Index = index;
        Uid = uid;
        _settings = settings;
        _metrics = metrics;
        _description = AgentProfile.Description(uid, index);
        Transport = settings.Options.TransportOf(index);
    }

    public int Index { get; }

    public Guid Uid { get; }

    public TransportChoice Transport { get; }

    public bool Online => Volatile.Read(ref _online) == 1;

    /// <summary>When this agent last received a remote config with <paramref name="hash"/>, in Stopwatch ticks.</summary>
    public bool TryGetConfigReceipt(ReadOnlySpan<byte> hash, out long ticks)
    {
        ticks = Volatile.Read(ref _configReceivedTicks);
        return _configReceivedHash is { } received && received.Span.SequenceEqual(hash);
    }

    /// <summary>
    /// Connects (retrying with backoff until the first attempt succeeds) and stays connected until
    /// <paramref name="stop"/>. Once started, the client itself reconnects a lost WebSocket with the
    /// same backoff settings; this agent only counts the losses and times the recoveries.
    /// </summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var failures = 0;
        while (!stop.IsCancellationRequested)
        {
            var client = CreateClient();
            _client = client;
            _repliedOnConnection = false;
            _connectStartTicks = Stopwatch.GetTimestamp();
            if (failures == 0)
            {
                _metrics.FirstAttemptStarted(_connectStartTicks);
            }
            try
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stop);
                attempt.CancelAfter(_settings.Options.AttemptTimeout);
                await client.StartAsync(attempt.Token);
            }
            catch (Exception e)
            {
                await DisposeQuietly(client);
                if (stop.IsCancellationRequested)
                {
                    return;
                }
                _metrics.Errors.Add(ErrorKinds.Of("connect", e));
                await Backoff(failures++, stop);
                continue;
            }

            // Connected: the client polls (HTTP) or keeps its socket up (WebSocket) until stopped.
            await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return;
        }
    }

    /// <summary>Flips health and reports it now; false when the agent is not connected.</summary>
    public bool ChangeHealth()
    {
        if (_client is not { } client || !Online)
        {
            return false;
        }
        _health = AgentProfile.Health(!_health.Healthy);
        client.Status.Health = _health;
        client.RequestSend();
        return true;
    }

    /// <summary>Says goodbye (AgentDisconnect, close) and releases the connection.</summary>
    public async Task DisconnectAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        if (_client is not { } client)
        {
            return;
        }
        try
        {
            await client.DisconnectAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Shutting down: whatever fails now is not a finding.
        }
        await DisposeQuietly(client);
        SetOffline();
    }

    /// <summary>Stops counting errors: the run is ending and losses are expected.</summary>
    public void MarkStopping() => _stopping = true;

    private OpAmpClient CreateClient()
    {
        var options = _settings.Options;
        var source = options.SourceAddressOf(Index);
        var clientOptions = new OpAmpClientOptions
        {
            Endpoint = options.EndpointOf(Index),
            InstanceUid = Uid,
            Description = _description,
            HeartbeatInterval = options.Heartbeat,
            // Independent agents drift apart; simulated ones started (or answered) together would not.
            HeartbeatJitter = options.HeartbeatJitter ? SimulatedHeartbeatJitter : 0,
            Headers = _settings.Headers,
            Gzip = options.Gzip,
            Tls = _settings.Tls,
            LocalAddress = source,
            ReceiveBufferBytes = options.ReceiveBufferBytes,
            WebSocketKeepAlive = options.WebSocketKeepAlive,
            FollowHeartbeatOffers = !options.IgnoreHeartbeatOffer,
            Reconnect = true,
            ReconnectMinDelay = options.ReconnectMin,
            ReconnectMaxDelay = options.ReconnectMax,
        };
        IOpAmpConnection? connection = Transport == TransportChoice.Http && options.SharedHttpConnections
            ? new OpAmpHttpConnection(clientOptions, _settings.SharedHttpClient(source))
            : null;
        var client = new OpAmpClient(clientOptions, connection);

        client.Status.Health = _health;
        client.Status.EffectiveConfig = new EffectiveConfig { ConfigMap = _settings.InitialConfig };

        client.MessageSending += OnSending;
        client.MessageReceived += OnReceived;
        client.SendFailed += OnSendFailed;
        client.Disconnected += OnDisconnected;
        client.OnRemoteConfig = ApplyRemoteConfig;
        return client;
    }

    private void OnSending(AgentToServer message)
    {
        _metrics.CountSent();
        _pendingKind = MessageKinds.Of(message);
        Volatile.Write(ref _pendingSendTicks, Stopwatch.GetTimestamp());
    }

    private void OnReceived(ServerToAgent message)
    {
        var now = Stopwatch.GetTimestamp();
        _metrics.CountReceived();
        var sentAt = Interlocked.Exchange(ref _pendingSendTicks, 0);
        if (message.ErrorResponse is { } error)
        {
            if (!_stopping)
            {
                _metrics.Errors.Add($"server-error:{error.Type}");
            }
        }
        else if (!Online)
        {
            SetOnline();
        }

        if (!_repliedOnConnection)
        {
            _repliedOnConnection = true;
            if (!_everReplied)
            {
                _everReplied = true;
                _metrics.FirstReplyReceived(now - _connectStartTicks, now);
            }
            else
            {
                _metrics.Reconnected(now - _connectStartTicks);
            }
            SpreadHeartbeats(message);
        }
        else if (sentAt != 0)
        {
            _metrics.RoundTrip(_pendingKind, now - sentAt);
        }
    }

    private void OnDisconnected(System.Net.WebSockets.WebSocketCloseStatus? closeStatus)
    {
        if (_stopping)
        {
            return;
        }
        SetOffline();
        _metrics.Errors.Add(closeStatus is { } status ? $"ws-closed:{status}" : "ws-lost");
        _metrics.CountReconnect();
        // The recovery is timed from the loss to the first reply on the new socket.
        _repliedOnConnection = false;
        _connectStartTicks = Stopwatch.GetTimestamp();
    }

    private void OnSendFailed(Exception e)
    {
        if (_stopping)
        {
            return;
        }
        _metrics.Errors.Add(ErrorKinds.Of("send", e));
        if (Transport == TransportChoice.Http)
        {
            SetOffline();
        }
    }

    private Task<RemoteConfigOutcome> ApplyRemoteConfig(AgentRemoteConfig config, CancellationToken cancellationToken)
    {
        _configReceivedHash = config.ConfigHash;
        Volatile.Write(ref _configReceivedTicks, Stopwatch.GetTimestamp());
        _metrics.CountConfigReceived();
        var outcome = Random.Shared.NextDouble() < _settings.Options.FailFraction
            ? RemoteConfigOutcome.Failed("simulated failure (--fail-fraction)")
            : RemoteConfigOutcome.Applied(config.Config);
        return Task.FromResult(outcome);
    }

    /// <summary>
    /// Agents started together would heartbeat together forever. The first heartbeat at a random point
    /// of the interval shifts this agent's phase, as independent agents would be in a real fleet.
    /// </summary>
    private void SpreadHeartbeats(ServerToAgent firstReply)
    {
        var options = _settings.Options;
        if (!options.HeartbeatJitter || _client is not { } client)
        {
            return;
        }
        var interval = options.Heartbeat;
        if (!options.IgnoreHeartbeatOffer && firstReply.ConnectionSettings?.Opamp is { HeartbeatIntervalSeconds: > 0 and var seconds })
        {
            interval = TimeSpan.FromSeconds(seconds);
        }
        client.ScheduleNextHeartbeat(interval * Random.Shared.NextDouble());
    }

    private void SetOnline()
    {
        if (Interlocked.Exchange(ref _online, 1) == 0)
        {
            _metrics.WentOnline();
        }
    }

    private void SetOffline()
    {
        if (Interlocked.Exchange(ref _online, 0) == 1)
        {
            _metrics.WentOffline();
        }
    }

    private async Task Backoff(int failures, CancellationToken stop)
    {
        var options = _settings.Options;
        var ceiling = Math.Min(options.ReconnectMax.TotalMilliseconds, options.ReconnectMin.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 20)));
        // Half fixed, half random: agents that lost the same gateway do not all come back in the same instant.
        var delay = TimeSpan.FromMilliseconds(ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2);
        await Task.Delay(delay, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static async Task DisposeQuietly(OpAmpClient client)
    {
        try
        {
            await client.DisposeAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A half-open or already failed connection: nothing more to release.
        }
    }
}
