using Fleet.Contracts.OpAmp;
using Google.Protobuf;

namespace Fleet.Client;

/// <summary>
/// An OpAMP agent's side of the protocol over either transport: reports status (compressed, full when
/// the server asks), heartbeats or polls, applies remote config through a callback and reports the
/// result, adopts server-assigned instance uids and heartbeat intervals.
/// </summary>
/// <remarks>
/// One loop sends: on demand or when the heartbeat interval passes. Handlers only ask it to send, so
/// a reply processed inside an HTTP exchange never re-enters the transport.
/// </remarks>
public sealed class OpAmpClient : IAsyncDisposable
{
    private readonly OpAmpClientOptions _options;
    private readonly SendSignal _sendRequests = new();
    private readonly HeartbeatDeadline _heartbeat;
    private long _nextHeartbeatAtMs; // Environment.TickCount64 of a heartbeat moved by ScheduleNextHeartbeat; 0: none
    private readonly CancellationTokenSource _stop = new();
    private Task _sendLoop = Task.CompletedTask;
    private Task _watchLoop = Task.CompletedTask;
    private readonly bool _ownsConnection;
    private ByteString? _handledConfigHash;
    private ByteString? _handledSettingsHash;
    private readonly Lock _settingsLock = new();
    private HeaderTrial? _headerTrial;
    private readonly Dictionary<string, string> _configuredHeaders;
    private int _disposed;
    private TimeSpan _policyCloseDelay;
    private int _retryPending;
    private int _refusalsInARow;

    /// <summary>Offered headers in use but not yet proven: the ones to go back to if the server refuses them.</summary>
    private sealed record HeaderTrial(ByteString Hash, Dictionary<string, string> Previous);

    public OpAmpClient(OpAmpClientOptions options, IOpAmpConnection? connection = null)
    {
        _options = options;
        _configuredHeaders = new Dictionary<string, string>(options.Headers);
        _ownsConnection = connection is null;
        Connection = connection ?? (options.Endpoint.Scheme is "ws" or "wss"
            ? new OpAmpWebSocketConnection(options)
            : new OpAmpHttpConnection(options));
        Status = new AgentStatusTracker(options.InstanceUid, options.Description, options.Capabilities);
        HeartbeatInterval = options.HeartbeatInterval;
        _heartbeat = new HeartbeatDeadline(RequestSend);
        _stop.Token.Register(_sendRequests.Close);
    }

    /// <summary>The options in use; their headers change when the client adopts headers the server offers.</summary>
    public OpAmpClientOptions Options => _options;

    /// <summary>The current connection; replaced when a lost WebSocket is reconnected.</summary>
    public IOpAmpConnection Connection { get; private set; }

    /// <summary>The WebSocket was lost (argument: the close status, if the server sent one).</summary>
    public event Action<System.Net.WebSockets.WebSocketCloseStatus?>? Disconnected;

    /// <summary>A new WebSocket is open and the full state was sent.</summary>
    public event Action? Reconnected;

    public AgentStatusTracker Status { get; }

    public Guid InstanceUid => Status.InstanceUid;

    public TimeSpan HeartbeatInterval { get; private set; }

    /// <summary>The last ServerErrorResponse received, if any.</summary>
    public ServerErrorResponse? LastError { get; private set; }

    /// <summary>Applies a remote config. The default accepts every config and reports it as the effective config.</summary>
    public Func<AgentRemoteConfig, CancellationToken, Task<RemoteConfigOutcome>> OnRemoteConfig { get; set; } =
        (config, _) => Task.FromResult(RemoteConfigOutcome.Applied(config.Config));

    public Func<CancellationToken, Task>? OnRestart { get; set; }

    /// <summary>
    /// Handles a package offer (PackagesAvailable). It runs on the receive path, so a handler that
    /// downloads should queue the offer and return, then report progress through
    /// <see cref="AgentStatusTracker.PackageStatuses"/> and <see cref="RequestSend"/>.
    /// </summary>
    public Func<PackagesAvailable, CancellationToken, Task>? OnPackagesAvailable { get; set; }

    /// <summary>Every ServerToAgent, before the client acts on it.</summary>
    public event Action<ServerToAgent>? MessageReceived;

    /// <summary>Every AgentToServer, just before it is sent.</summary>
    public event Action<AgentToServer>? MessageSending;

    /// <summary>A send failed (the loop keeps going on the next heartbeat).</summary>
    public event Action<Exception>? SendFailed;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await Connection.ConnectAsync(Handle, cancellationToken);
        await SendNowAsync(cancellationToken);
        _sendLoop = Task.Run(() => SendLoop(_stop.Token), CancellationToken.None);
        if (_ownsConnection && _options.Reconnect && Connection is OpAmpWebSocketConnection)
        {
            _watchLoop = Task.Run(() => KeepConnected(_stop.Token), CancellationToken.None);
        }
    }

    /// <summary>Waits for the socket to end; then reconnects with jittered exponential backoff.</summary>
    private async Task KeepConnected(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && Connection is OpAmpWebSocketConnection current)
        {
            await current.Completion.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            Disconnected?.Invoke(current.CloseStatus);
            // Closed for policy (revoked, or a newer connection of this agent): back off more each
            // time in a row rather than reconnecting at once, forever.
            _policyCloseDelay = current.CloseStatus == System.Net.WebSockets.WebSocketCloseStatus.PolicyViolation
                ? TimeSpan.FromTicks(Math.Min(Math.Max(_policyCloseDelay.Ticks * 2, _options.ReconnectMinDelay.Ticks), _options.ReconnectMaxDelay.Ticks))
                : TimeSpan.Zero;
            var delay = _policyCloseDelay > TimeSpan.Zero ? _policyCloseDelay : _options.ReconnectMinDelay;
            var serverHint = false;
            while (!cancellationToken.IsCancellationRequested)
            {
                var wait = serverHint
                    ? ReconnectBackoff.AfterServerHint(delay, Random.Shared.NextDouble())
                    : ReconnectBackoff.Jittered(delay, Random.Shared.NextDouble());
                await Task.Delay(wait, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                var next = new OpAmpWebSocketConnection(_options);
                try
                {
                    if (await next.TryConnectAsync(Handle, cancellationToken) is { } unreachable)
                    {
                        // The server is not there (restarting, say): a failed attempt like any other, minus the throw.
                        SendFailed?.Invoke(unreachable);
                        await next.DisposeAsync();
                        serverHint = false;
                        delay = ReconnectBackoff.Next(delay, _options.ReconnectMaxDelay);
                        continue;
                    }
                    Connection = next;
                    await current.DisposeAsync();
                    CommitHeaderTrial();
                    Status.ForceFullState();
                    await SendNowAsync(cancellationToken);
                    Reconnected?.Invoke();
                    break;
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    SendFailed?.Invoke(e);
                    await next.DisposeAsync();
                    if (next.RefusedStatus == System.Net.HttpStatusCode.Unauthorized && (RevertHeaderTrial("the server refused the offered headers (401)") || FallBackToConfiguredHeaders()))
                    {
                        delay = _options.ReconnectMinDelay;
                        serverHint = false;
                        continue;
                    }
                    serverHint = next.RetryAfter is not null;
                    delay = next.RetryAfter ?? ReconnectBackoff.Next(delay, _options.ReconnectMaxDelay);
                }
            }
        }
    }

    /// <summary>
    /// One resend after the server's RetryInfo (plus up to half again, so refused agents do not all come
    /// back in the same instant); refusals meanwhile share it.
    /// </summary>
    private void RetryLater(TimeSpan after)
    {
        if (Interlocked.Exchange(ref _retryPending, 1) == 1)
        {
            return;
        }
        // Taken now: the client may be disposed (its token source with it) before the wait ends.
        var stopping = _stop.Token;
        _ = Task.Run(async () =>
        {
            await Task.Delay(after * (1 + Random.Shared.NextDouble() / 2), stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            Volatile.Write(ref _retryPending, 0);
            if (!stopping.IsCancellationRequested)
            {
                RequestSend();
            }
        }, CancellationToken.None);
    }

    /// <summary>Asks the send loop to report status now (after a local change).</summary>
    public void RequestSend() => _sendRequests.Request();

    /// <summary>
    /// Moves the next heartbeat (or poll) to <paramref name="wait"/> from now; the ones after it follow the
    /// interval again. Agents started together heartbeat together for as long as they run: one shifted
    /// phase each spreads them, without an extra message and without a timer per client.
    /// </summary>
    public void ScheduleNextHeartbeat(TimeSpan wait)
    {
        // Kept until then: a send in between (a status change, the first message's own scheduling)
        // must not push this heartbeat back to a whole interval.
        Volatile.Write(ref _nextHeartbeatAtMs, Environment.TickCount64 + (long)wait.TotalMilliseconds);
        HeartbeatClock.Shared.Schedule(_heartbeat, wait);
    }

    /// <summary>Tells the server this agent is going away, then closes the connection.</summary>
    public async Task DisconnectAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        await _sendLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _watchLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        // The full status: stopping may have cut short a send whose changes already counted as sent
        // (the final health above all), and this is the server's last word from the agent.
        Status.ForceFullState();
        var goodbye = Status.NextMessage();
        goodbye.AgentDisconnect = new AgentDisconnect();
        try
        {
            await Connection.SendAsync(goodbye, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            SendFailed?.Invoke(e);
        }
        if (Connection is OpAmpWebSocketConnection socket)
        {
            await socket.CloseAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _stop.CancelAsync();
        await _sendLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _watchLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await Connection.DisposeAsync();
        _stop.Dispose();
    }

    private async Task SendNowAsync(CancellationToken cancellationToken)
    {
        var message = Status.NextMessage();
        MessageSending?.Invoke(message);
        var trial = _headerTrial;
        await Connection.SendAsync(message, cancellationToken);
        if (trial is not null && Connection is OpAmpHttpConnection)
        {
            // A POST with the offered headers went through: they work.
            CommitHeaderTrial(trial);
        }
    }

    private bool AwaitingReconnect =>
        !_watchLoop.IsCompleted && Connection is OpAmpWebSocketConnection { Completion.IsCompleted: true };

    private async Task SendLoop(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await WaitForSendRequest();
                // Stopping: leave unsent status to the goodbye (DisconnectAsync) rather than half-send it now.
                cancellationToken.ThrowIfCancellationRequested();
                if (AwaitingReconnect)
                {
                    // The socket is gone and the reconnect sends the full state: a heartbeat now could
                    // only fail (and was counted as an error every interval of every outage).
                    continue;
                }
                await SendNowAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                HeartbeatClock.Shared.Cancel(_heartbeat);
                return;
            }
            catch (Exception e)
            {
                SendFailed?.Invoke(e);
                if (e is OpAmpHttpException { Status: System.Net.HttpStatusCode.Unauthorized }
                    && (RevertHeaderTrial("the server refused the offered headers (401)") || FallBackToConfiguredHeaders()))
                {
                    RequestSend();
                }
                else if (e is OpAmpHttpException { RetryAfter: { } retryAfter })
                {
                    await Task.Delay(retryAfter, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }
        }
    }

    private ValueTask WaitForSendRequest()
    {
        // The next heartbeat is one interval after this send (unless one was moved earlier, still
        // ahead): a request to send sooner moves it on.
        // Reached within the clock's resolution counts as reached: the clock fires up to that much early.
        var movedTo = Volatile.Read(ref _nextHeartbeatAtMs) - Environment.TickCount64;
        HeartbeatClock.Shared.Schedule(_heartbeat, movedTo > 2 * HeartbeatClock.Resolution.TotalMilliseconds
            ? TimeSpan.FromMilliseconds(movedTo)
            : HeartbeatSchedule.Wait(HeartbeatInterval, _options.HeartbeatJitter, Random.Shared.NextDouble()));
        return _sendRequests.WaitAsync();
    }

    private async Task Handle(ServerToAgent message)
    {
        MessageReceived?.Invoke(message);
        var send = false;

        if (message.ErrorResponse is { } error)
        {
            LastError = error;
            if (error.Type == ServerErrorResponseType.Unavailable)
            {
                // The server processed none of the refused message: report everything again, when it asks.
                Status.ForceFullState();
                var asked = error.RetryInfo is { RetryAfterNanoseconds: > 0 } retry
                    ? TimeSpan.FromTicks((long)(retry.RetryAfterNanoseconds / 100))
                    : _options.ReconnectMinDelay;
                RetryLater(ReconnectBackoff.AfterRefusals(asked, Interlocked.Increment(ref _refusalsInARow), _options.ReconnectMaxDelay));
            }
        }
        else
        {
            Volatile.Write(ref _refusalsInARow, 0);
        }
        if (message.AgentIdentification is { NewInstanceUid.Length: 16 } identification)
        {
            Status.ChangeInstanceUid(new Guid(identification.NewInstanceUid.Span, bigEndian: true));
            _options.InstanceUid = Status.InstanceUid;
            send = true;
        }
        if (_options.FollowHeartbeatOffers && message.ConnectionSettings?.Opamp is { HeartbeatIntervalSeconds: > 0 } opamp
            && TimeSpan.FromSeconds(opamp.HeartbeatIntervalSeconds) != HeartbeatInterval)
        {
            HeartbeatInterval = TimeSpan.FromSeconds(opamp.HeartbeatIntervalSeconds);
            // Wake the send loop: it may be sleeping out the old, longer interval.
            send = true;
        }
        if (_options.FollowConnectionSettings && message.ConnectionSettings is { Opamp: { } opampOffer } offers
            && offers.Hash != _handledSettingsHash)
        {
            _handledSettingsHash = offers.Hash;
            AdoptHeaders(offers.Hash, opampOffer);
            send = true;
        }
        if ((message.Flags & (ulong)ServerToAgentFlags.ReportFullState) != 0)
        {
            Status.ForceFullState();
            send = true;
        }
        if (message.RemoteConfig is { } config && config.ConfigHash != _handledConfigHash)
        {
            _handledConfigHash = config.ConfigHash;
            var outcome = await OnRemoteConfig(config, _stop.Token);
            Status.RemoteConfigStatus = new RemoteConfigStatus
            {
                LastRemoteConfigHash = config.ConfigHash,
                Status = outcome.Status,
                ErrorMessage = outcome.ErrorMessage ?? "",
            };
            if (outcome.EffectiveConfig is { } effective)
            {
                Status.EffectiveConfig = new EffectiveConfig { ConfigMap = effective };
            }
            send = true;
        }
        if (message.PackagesAvailable is { } packages && OnPackagesAvailable is { } onPackages)
        {
            await onPackages(packages, _stop.Token);
        }
        if (message.Command is { Type: CommandType.Restart } && OnRestart is { } restart)
        {
            await restart(_stop.Token);
        }
        if (send)
        {
            RequestSend();
        }
    }

    /// <summary>
    /// Takes the offered OpAMP headers. Over WebSocket they only count once a new socket opens with
    /// them, so the current one is closed and the watch loop reconnects; over HTTP the next POST uses them.
    /// </summary>
    private void AdoptHeaders(ByteString hash, OpAMPConnectionSettings offer)
    {
        var offered = offer.Headers?.Headers_ ?? [];
        lock (_settingsLock)
        {
            if (offered.All(h => _options.Headers.TryGetValue(h.Key, out var value) && value == h.Value))
            {
                Status.ConnectionSettingsStatus = new ConnectionSettingsStatus { LastConnectionSettingsHash = hash, Status = ConnectionSettingsStatuses.Applied };
                return;
            }
            _headerTrial = new HeaderTrial(hash, new Dictionary<string, string>(_options.Headers));
            foreach (var header in offered)
            {
                _options.Headers[header.Key] = header.Value;
            }
            Status.ConnectionSettingsStatus = new ConnectionSettingsStatus { LastConnectionSettingsHash = hash, Status = ConnectionSettingsStatuses.Applying };
        }
        if (Connection is OpAmpWebSocketConnection socket && _ownsConnection && _options.Reconnect)
        {
            // Not awaited: this runs on the socket's own receive loop.
            _ = Task.Run(() => socket.CloseAsync(CancellationToken.None));
        }
        else if (Connection is OpAmpHttpConnection)
        {
            // Reported with the first POST that carries the new headers; reverted if that one is refused.
            Status.ConnectionSettingsStatus = new ConnectionSettingsStatus { LastConnectionSettingsHash = hash, Status = ConnectionSettingsStatuses.Applied };
        }
    }

    private void CommitHeaderTrial(HeaderTrial? expected = null)
    {
        lock (_settingsLock)
        {
            if (_headerTrial is { } trial && (expected is null || ReferenceEquals(trial, expected)))
            {
                _headerTrial = null;
                Status.ConnectionSettingsStatus = new ConnectionSettingsStatus { LastConnectionSettingsHash = trial.Hash, Status = ConnectionSettingsStatuses.Applied };
            }
        }
    }

    /// <returns>false when no offered headers were on trial.</returns>
    private bool RevertHeaderTrial(string reason)
    {
        lock (_settingsLock)
        {
            if (_headerTrial is not { } trial)
            {
                return false;
            }
            _headerTrial = null;
            _options.Headers.Clear();
            foreach (var (name, value) in trial.Previous)
            {
                _options.Headers[name] = value;
            }
            Status.ConnectionSettingsStatus = new ConnectionSettingsStatus
            {
                LastConnectionSettingsHash = trial.Hash,
                Status = ConnectionSettingsStatuses.Failed,
                ErrorMessage = reason,
            };
            return true;
        }
    }

    /// <summary>
    /// Headers adopted earlier are refused now (the server lost its signing key, or the agent was
    /// revoked and reinstated): go back to the configured ones, e.g. the enrollment token, to enroll again.
    /// </summary>
    /// <returns>false when the configured headers are already in use.</returns>
    private bool FallBackToConfiguredHeaders()
    {
        lock (_settingsLock)
        {
            if (_options.Headers.Count == _configuredHeaders.Count
                && _configuredHeaders.All(h => _options.Headers.TryGetValue(h.Key, out var value) && value == h.Value))
            {
                return false;
            }
            _options.Headers.Clear();
            foreach (var (name, value) in _configuredHeaders)
            {
                _options.Headers[name] = value;
            }
            _handledSettingsHash = null;
            Status.ConnectionSettingsStatus = null;
            return true;
        }
    }
}
