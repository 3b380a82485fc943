using Fleet.Contracts;
using Fleet.Contracts.Agents;
using Fleet.Contracts.Configs;
using Fleet.Contracts.Inventory;
using Fleet.Contracts.OpAmp;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Packages;
using Fleet.Grains.Configs;
using Fleet.Grains.Connections;
using Fleet.Grains.Inventory;
using Fleet.Grains.Packages;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Grains.Agents;

/// <summary>
/// The server's view of one agent. Decisions live in pure functions (StatusMerge, FullStateDecision,
/// AgentReplies); this class keeps state, talks to storage, the directory and the agent's gateway.
/// </summary>
public sealed partial class AgentGrain(
    [PersistentState("agent", FleetStorage.Agents)] IPersistentState<AgentState> state,
    IOptions<AgentPolicyOptions> policy,
    CertificateAuthority authority,
    OfflineWatch offlineWatch,
    TimeProvider clock,
    ILogger<AgentGrain> logger) : Grain, IAgentGrain, IAgentRetirement, IIncomingGrainCallFilter
{
    /// <summary>The status parsed for the current call; dropped after it (see <see cref="Status"/>).</summary>
    private AgentToServer? _parsedStatus;
    /// <summary>The parsed status is newer than <c>state.State.Status</c> until the next write.</summary>
    private bool _statusChanged;
    private AgentRemoteConfig? _desired;
    private string? _configSource;
    private AgentConnection? _connection;
    private bool _connected;
    /// <summary>Probes of the current connection's gateway that failed in a row.</summary>
    private (Guid Connection, int Count) _probeFailures;
    /// <summary>Whether <see cref="_watched"/> is in the quiet-agent window.</summary>
    private bool _watchedQuiet;
    private DateTimeOffset _lastSeen;
    private ulong? _lastSequenceNum;
    private ByteString? _configSentOnConnection;
    private PackagesAvailable? _packages;
    private ConnectionSettingsOffers? _connectionOffers;
    private ByteString? _connectionSentOnConnection;
    private ByteString? _packagesSentOnConnection;
    private bool _heartbeatOffered;
    private DateTimeOffset? _staleSpokeAt;
    private AgentSummary? _published;
    private OfflineWatchEntry? _watched;
    private GrainId _observerGrain;
    private string? _observerId;

    /// <summary>How many received custom messages an agent keeps.</summary>
    public const int KeptCustomMessages = 50;
    private const int MaxQueuedCustomMessages = 20;

    private Guid Uid => this.GetPrimaryKey();

    /// <summary>
    /// The agent's last full status. Between calls the grain holds it only encoded, in its state (which
    /// the embedded store shares rather than copies): parsed, it took ~3 KB per agent more, and a second
    /// copy of it sat in storage. A call parses it once, when it first needs it.
    /// </summary>
    private AgentToServer? Status
    {
        get => _parsedStatus ??= state.State.Status is { } encoded ? AgentToServer.Parser.ParseFrom(encoded) : null;
        set => (_parsedStatus, _statusChanged) = (value, true);
    }

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        finally
        {
            DropParsedStatus();
        }
    }

    /// <summary>
    /// Forgets the parsed status unless it holds a change not yet written (kept until the write, or
    /// deactivation). Runs after every call and timer tick (Orleans delivers ticks through the same filter).
    /// </summary>
    private void DropParsedStatus()
    {
        if (!_statusChanged)
        {
            _parsedStatus = null;
        }
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_desired, _configSource) = ResolveDesired();
        _packages = state.State.OfferedPackages is { } offered ? PackagesAvailable.Parser.ParseFrom(offered) : null;
        _connectionOffers = state.State.ConnectionSettings is { } settings ? ConnectionSettingsOffers.Parser.ParseFrom(settings) : null;
        _lastSeen = state.State.StatusChangedAt;
        if (state.State.Connection is { } stored)
        {
            var observer = stored.Observer is { } id
                ? GrainFactory.GetGrain(GrainId.Parse(id)).AsReference<IAgentConnectionObserver>()
                : null;
            _connection = new AgentConnection(stored.ConnectionId, stored.Transport, stored.GatewayId, observer, stored.AnswersProbes);
            _connected = stored.Connected;
            EnsureWatched();
        }
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _watched?.Stop();
        return Task.CompletedTask;
    }

    public async Task<AgentReply> Receive(AgentEnvelope envelope)
    {
        var message = envelope.Parsed ?? AgentToServer.Parser.ParseFrom(envelope.Message);
        var now = clock.GetUtcNow();

        if (state.State.ReplacedBy is { } replacement)
        {
            // The agent missed the reply that renamed it: tell it again, change nothing here.
            var again = AgentReplies.Reply(new ReplyPlan(message.InstanceUid, NewInstanceUid: InstanceUid.ToByteString(replacement)));
            return new AgentReply(again.ToByteArray(), RenamedTo: replacement);
        }

        if (IsFromStaleConnection(envelope.Connection))
        {
            var previousStaleAt = _staleSpokeAt;
            if (message.AgentDisconnect is null)
            {
                // A late goodbye from a socket the agent itself left is no sign of a second agent.
                _staleSpokeAt = now;
            }
            if (DuplicateConnections.IsDuplicate(previousStaleAt, now) && message.AgentDisconnect is null)
            {
                // Two live agents share this uid: the one on the older socket gets a uid of its own (this grain stays the other's).
                var assigned = Guid.CreateVersion7();
                LogDuplicateRenamed(logger, Uid, envelope.Connection.ConnectionId, assigned);
                var rename = AgentReplies.Reply(new ReplyPlan(message.InstanceUid, NewInstanceUid: InstanceUid.ToByteString(assigned)));
                return new AgentReply(rename.ToByteArray(), RenamedTo: assigned);
            }
            LogStaleConnection(logger, Uid, envelope.Connection.ConnectionId, envelope.Connection.GatewayId);
            var error = AgentReplies.Error(message.InstanceUid, ServerErrorResponseType.Unavailable, "a newer connection for this agent exists");
            return new AgentReply(error.ToByteArray(), Close: true);
        }

        var connectionChanged = !_connected || _connection?.ConnectionId != envelope.Connection.ConnectionId;
        if (connectionChanged)
        {
            _lastSequenceNum = null;
            _configSentOnConnection = null;
            _packagesSentOnConnection = null;
            _connectionSentOnConnection = null;
            _heartbeatOffered = false;
        }
        _connection = envelope.Connection;
        _connected = message.AgentDisconnect is null;
        _lastSeen = now;
        _watched?.Seen(now);

        var (known, merged, changed) = MergeStatus(message);
        var reportFullState = FullStateDecision.NeedsFullState(_lastSequenceNum, message, merged);
        _lastSequenceNum = message.SequenceNum;
        var firstSeen = known is null;
        var configStatusBefore = known?.RemoteConfigStatus;
        if (changed || known is null || !ReferenceEquals(merged, known))
        {
            Status = merged;
        }
        if (firstSeen)
        {
            LogFirstSeen(logger, Uid, envelope.Connection.Transport);
        }
        if (message.AgentDescription is not null && changed)
        {
            // New agent, or new attributes: which profiles and packages apply now? Both read-only
            // queries at once, so a first message waits for one round trip, not two in a row.
            var attributes = AgentSummaries.SelectorAttributes(merged.AgentDescription);
            var profileMatch = GrainFactory.Get<IProfileIndexGrain>(0).Match(attributes);
            var packageOffer = GrainFactory.Get<IPackageCatalogGrain>(0).Offer(attributes);
            await Task.WhenAll(profileMatch, packageOffer);
            TakeProfiles(await profileMatch);
            TakePackages(await packageOffer);
        }
        if (reportFullState)
        {
            LogFullStateRequested(logger, Uid, message.SequenceNum);
        }

        ByteString? newUid = null;
        if ((message.Flags & (ulong)AgentToServerFlags.RequestInstanceUid) != 0)
        {
            var assigned = Guid.CreateVersion7();
            newUid = InstanceUid.ToByteString(assigned);
            state.State = state.State with { ReplacedBy = assigned };
            changed = true;
            LogInstanceUidAssigned(logger, Uid, assigned);
        }

        var remoteConfig = AgentReplies.ConfigOwed(merged, _desired, _configSentOnConnection) ? _desired : null;
        if (remoteConfig is not null && envelope.Connection.Transport == AgentTransport.WebSocket)
        {
            // Over HTTP the config rides every poll until the agent reports it; over a socket once.
            _configSentOnConnection = remoteConfig.ConfigHash;
        }
        var packages = PackageOffers.Owed(merged, _packages, _packagesSentOnConnection) ? _packages : null;
        if (packages is not null && envelope.Connection.Transport == AgentTransport.WebSocket)
        {
            _packagesSentOnConnection = packages.AllPackagesHash;
        }
        if (message.ConnectionSettingsRequest?.Opamp?.CertificateRequest is { Csr.IsEmpty: false } certificateRequest)
        {
            changed |= SignCertificateRequest(certificateRequest.Csr.ToByteArray(), merged);
        }
        var offersChanged = false;
        if (envelope.Credential is { } credential && ConnectionOffers.WithCredential(_connectionOffers, credential) is { } withCredential)
        {
            // Came with the shared enrollment token: from now on, a credential of its own.
            _connectionOffers = ConnectionOffers.WithHash(WithHeartbeat(withCredential, merged));
            state.State = state.State with { ConnectionSettings = _connectionOffers.ToByteArray() };
            offersChanged = true;
            LogCredentialOffered(logger, Uid);
        }
        var connectionSettings = ConnectionOffers.Owed(merged, _connectionOffers, _connectionSentOnConnection) ? _connectionOffers : null;
        if (connectionSettings is not null && envelope.Connection.Transport == AgentTransport.WebSocket)
        {
            _connectionSentOnConnection = connectionSettings.Hash;
        }
        TimeSpan? heartbeat = null;
        if (connectionSettings is null && _connectionOffers is null && AgentReplies.HeartbeatOwed(merged, _heartbeatOffered))
        {
            heartbeat = policy.Value.HeartbeatInterval;
            _heartbeatOffered = true;
        }

        if (message.CustomMessage is { } received)
        {
            await Received(received, now);
        }
        CustomMessage? outgoing = null;
        if (state.State.OutgoingMessages.Count > 0 && newUid is null)
        {
            var next = state.State.OutgoingMessages[0];
            state.State.OutgoingMessages.RemoveAt(0);
            outgoing = ToProto(next);
            changed = true;
        }

        if (changed)
        {
            state.State = state.State with
            {
                FirstSeen = firstSeen ? now : state.State.FirstSeen,
                StatusChangedAt = now,
            };
        }
        if (changed || offersChanged || connectionChanged || !_connected)
        {
            await SaveState();
        }
        if (changed && OutcomeReports.OnStatusChange(configStatusBefore, merged.RemoteConfigStatus, _desired?.ConfigHash))
        {
            await ReportToRollout();
        }

        if (newUid is not null)
        {
            await Directory.Remove(Uid);
        }
        else if (changed || connectionChanged || !_connected || _published is null || now - _published.LastSeen >= policy.Value.EffectiveLastSeenRefresh)
        {
            // Plain heartbeats skip this: nothing listed changed and last-seen is fresh enough.
            await PublishSummary(now);
            // The merged status, which for a plain heartbeat is its small part: the whole one is not parsed for this.
            EnsureWatched(merged);
        }

        var plan = new ReplyPlan(message.InstanceUid, reportFullState, newUid, remoteConfig, heartbeat, packages, outgoing, connectionSettings,
            AgentReplies.CustomCapabilitiesReply(message));
        if (AgentReplies.DeliverCommandNow(state.State.PendingRestart, now, merged, plan))
        {
            var command = state.State.PendingRestart!;
            state.State = state.State with { PendingRestart = null };
            await SaveState();
            LogRestartDelivered(logger, Uid, command.CommandId);
            return new AgentReply(AgentReplies.Command(message.InstanceUid, CommandType.Restart).ToByteArray());
        }
        if (state.State.PendingRestart is { } expired && expired.ExpiresAt <= now)
        {
            state.State = state.State with { PendingRestart = null };
            await SaveState();
        }

        var reply = AgentReplies.Reply(plan);
        return new AgentReply(reply.ToByteArray(), RenamedTo: state.State.ReplacedBy);
    }

    /// <summary>
    /// Merges <paramref name="message"/> into the last status. A plain heartbeat that changes nothing
    /// is decided on the status' small part (<see cref="HeartbeatStatus"/>), which is never stored:
    /// anything else, and a heartbeat that turns out to change something, merges into the whole status.
    /// </summary>
    private (AgentToServer? Known, AgentToServer Merged, bool Changed) MergeStatus(AgentToServer message)
    {
        // A parsed status may hold a change not yet written: then the stored bytes are not the latest.
        if (HeartbeatStatus.IsPlain(message) && _parsedStatus is null && state.State.Status is { } encoded
            && HeartbeatStatus.Parse(encoded) is { } small)
        {
            var (same, changed) = StatusMerge.Merge(small, message);
            if (!changed && ReferenceEquals(same, small))
            {
                return (small, small, false);
            }
        }
        var known = Status;
        var (merged, whole) = StatusMerge.Merge(known, message);
        return (known, merged, whole);
    }

    public async Task Disconnected(Guid connectionId)
    {
        if (_connected && _connection?.ConnectionId == connectionId)
        {
            _connected = false;
            EnsureWatched();
            try
            {
                await SaveState();
            }
            finally
            {
                // Listed as disconnected even when the write failed (a mass disconnect can time out
                // storage writes): the directory has its own store, and an agent that never returns
                // must not stay listed as connected.
                await PublishSummary(clock.GetUtcNow());
            }
        }
    }

    public Task<AgentDetail?> GetDetail()
    {
        if (Status is null || state.State.ReplacedBy is not null)
        {
            return Task.FromResult<AgentDetail?>(null);
        }
        var detail = new AgentDetail(
            CurrentSummary(),
            Status.ToByteArray(),
            _desired?.ToByteArray(),
            _connected ? _connection?.GatewayId : null,
            state.State.FirstSeen,
            _lastSequenceNum,
            _configSource,
            _connectionOffers?.ToByteArray(),
            state.State.Certificate);
        return Task.FromResult<AgentDetail?>(detail);
    }

    public async Task<SetConfigResult> SetRemoteConfig(RemoteConfigRequest request)
    {
        if (Status is null || state.State.ReplacedBy is not null)
        {
            return new SetConfigResult(SetConfigOutcome.UnknownAgent, null);
        }
        if (!ServerCapabilitySet.Has(Status.Capabilities, AgentCapabilities.AcceptsRemoteConfig))
        {
            return new SetConfigResult(SetConfigOutcome.NotAccepted, null);
        }

        var map = new AgentConfigMap();
        foreach (var (name, file) in request.Files)
        {
            map.ConfigMap[name] = new AgentConfigFile { Body = ByteString.CopyFromUtf8(file.Body), ContentType = file.ContentType };
        }
        var config = new AgentRemoteConfig { Config = map, ConfigHash = ConfigHash.Compute(map) };
        state.State = state.State with { OverrideConfig = config.ToByteArray() };
        return await ApplyDesired();
    }

    public async Task<SetConfigResult> ClearRemoteConfig()
    {
        if (Status is null || state.State.ReplacedBy is not null)
        {
            return new SetConfigResult(SetConfigOutcome.UnknownAgent, null);
        }
        state.State = state.State with { OverrideConfig = null };
        return await ApplyDesired();
    }

    public async Task AssignProfile(ProfileAssignment assignment)
    {
        if (Status is null)
        {
            // No such agent (never reported, or forgotten since the rollout planned it): storing the
            // assignment would bring back a record of it. It takes its profiles on first contact; the
            // rollout counts it offline meanwhile.
            if (assignment.FromRollout)
            {
                await GrainFactory.Get<IConfigProfileGrain>(assignment.Profile).ReportOutcome(Uid, assignment.Version, null);
            }
            return;
        }
        if (!state.State.Profiles.TryGetValue(assignment.Profile, out var current) || current != assignment)
        {
            state.State.Profiles[assignment.Profile] = assignment;
            await ApplyDesired();
        }
        if (assignment.FromRollout && ConfigState() is var now && OutcomeReports.AtAssignment(now, assignment.ConfigHash))
        {
            // Already on it, offline, or held by another config: no status change will tell the rollout.
            await GrainFactory.Get<IConfigProfileGrain>(assignment.Profile).ReportOutcome(Uid, assignment.Version, now);
        }
    }

    public async Task UnassignProfile(string profile)
    {
        if (state.State.Profiles.Remove(profile))
        {
            await ApplyDesired();
        }
    }

    public async Task<SetConfigResult> SetConnectionSettings(byte[] offers)
    {
        if (Status is null || state.State.ReplacedBy is not null)
        {
            return new SetConfigResult(SetConfigOutcome.UnknownAgent, null);
        }
        var asked = ConnectionSettingsOffers.Parser.ParseFrom(offers);
        var requested = ConnectionOffers.ForCapabilities(asked, Status.Capabilities);
        if (ConnectionOffers.OffersAnything(asked) && !ConnectionOffers.OffersAnything(requested))
        {
            // Nothing of it is for a connection this agent says it can use.
            return new SetConfigResult(SetConfigOutcome.NotAccepted, null);
        }
        ConnectionOffers.KeepCredential(requested, _connectionOffers);
        // Keep a certificate already issued unless the new settings bring their own.
        if (_connectionOffers?.Opamp?.Certificate is { } issued && requested.Opamp is { Certificate: null })
        {
            requested.Opamp.Certificate = issued;
        }
        return await OfferConnectionSettings(requested);
    }

    public async Task<SetConfigResult> RotateCertificate()
    {
        if (Status is null || state.State.ReplacedBy is not null)
        {
            return new SetConfigResult(SetConfigOutcome.UnknownAgent, null);
        }
        if (!ServerCapabilitySet.Has(Status.Capabilities, AgentCapabilities.AcceptsOpAmpconnectionSettings))
        {
            return new SetConfigResult(SetConfigOutcome.NotAccepted, null);
        }
        var (certificate, key, issued) = authority.IssueWithNewKey(Uid);
        var offers = _connectionOffers?.Clone() ?? new ConnectionSettingsOffers();
        offers.Opamp ??= new OpAMPConnectionSettings();
        offers.Opamp.Certificate = new TLSCertificate
        {
            Cert = ByteString.CopyFromUtf8(certificate),
            PrivateKey = ByteString.CopyFromUtf8(key),
            CaCert = ByteString.CopyFromUtf8(authority.CertificatePem),
        };
        state.State = state.State with { Certificate = issued };
        LogCertificateIssued(logger, Uid, issued.SerialNumber, true);
        return await OfferConnectionSettings(offers);
    }

    /// <summary>Signs the agent's CSR into its OpAMP connection settings; false if the CSR is unusable.</summary>
    private bool SignCertificateRequest(byte[] csr, AgentToServer status)
    {
        if (!ServerCapabilitySet.Has(status.Capabilities, AgentCapabilities.AcceptsOpAmpconnectionSettings))
        {
            return false;
        }
        try
        {
            var (certificate, issued) = authority.Sign(csr, Uid);
            var offers = _connectionOffers?.Clone() ?? new ConnectionSettingsOffers();
            offers.Opamp ??= new OpAMPConnectionSettings();
            offers.Opamp.Certificate = new TLSCertificate { Cert = ByteString.CopyFromUtf8(certificate), CaCert = ByteString.CopyFromUtf8(authority.CertificatePem) };
            _connectionOffers = ConnectionOffers.WithHash(WithHeartbeat(offers, status));
            state.State = state.State with { ConnectionSettings = _connectionOffers.ToByteArray(), Certificate = issued };
            LogCertificateIssued(logger, Uid, issued.SerialNumber, false);
            return true;
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            LogBadCertificateRequest(logger, Uid, e.Message);
            return false;
        }
    }

    private async Task<SetConfigResult> OfferConnectionSettings(ConnectionSettingsOffers offers)
    {
        var offered = ConnectionOffers.WithHash(ConnectionOffers.ForCapabilities(WithHeartbeat(offers, Status!), Status!.Capabilities));
        if (offered.Hash == _connectionOffers?.Hash)
        {
            return new SetConfigResult(SetConfigOutcome.Unchanged, Convert.ToHexStringLower(offered.Hash.Span));
        }
        _connectionOffers = offered;
        state.State = state.State with { ConnectionSettings = _connectionOffers.ToByteArray() };
        await SaveState();
        var hash = Convert.ToHexStringLower(_connectionOffers.Hash.Span);
        if (_connected && _connection is { Transport: AgentTransport.WebSocket, Gateway: { } gateway } connection
            && ConnectionOffers.Owed(Status!, _connectionOffers, _connectionSentOnConnection))
        {
            var push = AgentReplies.Reply(new ReplyPlan(InstanceUid.ToByteString(Uid), ConnectionSettings: _connectionOffers));
            _connectionSentOnConnection = _connectionOffers.Hash;
            await gateway.Push(connection.ConnectionId, push.ToByteArray());
            return new SetConfigResult(SetConfigOutcome.Pushed, hash);
        }
        return new SetConfigResult(SetConfigOutcome.Pending, hash);
    }

    /// <summary>Agents that heartbeat keep getting the server's interval inside any OpAMP settings offered.</summary>
    private ConnectionSettingsOffers WithHeartbeat(ConnectionSettingsOffers offers, AgentToServer status)
    {
        if (ServerCapabilitySet.Has(status.Capabilities, AgentCapabilities.ReportsHeartbeat))
        {
            offers.Opamp ??= new OpAMPConnectionSettings();
            if (offers.Opamp.HeartbeatIntervalSeconds == 0)
            {
                offers.Opamp.HeartbeatIntervalSeconds = (ulong)policy.Value.HeartbeatInterval.TotalSeconds;
            }
        }
        return offers;
    }

    public async Task<CommandResult> SendCustomMessage(CustomMessageRecord message)
    {
        if (Status is null || state.State.ReplacedBy is not null)
        {
            return new CommandResult(SetConfigOutcome.UnknownAgent, null);
        }
        if (!AgentReplies.DeclaresCustomCapability(Status, message.Capability))
        {
            return new CommandResult(SetConfigOutcome.NotAccepted, null);
        }
        var id = Guid.CreateVersion7();
        if (_connected && _connection is { Transport: AgentTransport.WebSocket, Gateway: { } gateway } connection)
        {
            var push = AgentReplies.Reply(new ReplyPlan(InstanceUid.ToByteString(Uid), CustomMessage: ToProto(message)));
            await gateway.Push(connection.ConnectionId, push.ToByteArray());
            return new CommandResult(SetConfigOutcome.Pushed, id);
        }
        if (state.State.OutgoingMessages.Count >= MaxQueuedCustomMessages)
        {
            state.State.OutgoingMessages.RemoveAt(0); // bounded: the oldest gives way
        }
        state.State.OutgoingMessages.Add(message);
        await SaveState();
        return new CommandResult(SetConfigOutcome.Pending, id);
    }

    public Task<List<CustomMessageRecord>> GetCustomMessages() => Task.FromResult(state.State.ReceivedMessages.ToList());

    private async Task Received(CustomMessage message, DateTimeOffset now)
    {
        var record = new CustomMessageRecord(message.Capability, message.Type, message.Data.ToByteArray(), now);
        state.State.ReceivedMessages.Add(record);
        if (state.State.ReceivedMessages.Count > KeptCustomMessages)
        {
            state.State.ReceivedMessages.RemoveAt(0);
        }
        await SaveState();
        if (Status is not null)
        {
            await Directory.Publish(new AgentEvent(AgentEvents.CustomMessage, CurrentSummary(), record));
        }
    }

    private static CustomMessage ToProto(CustomMessageRecord message) => new()
    {
        Capability = message.Capability,
        Type = message.Type,
        Data = ByteString.CopyFrom(message.Data),
    };

    public async Task OfferPackages(byte[]? packagesAvailable)
    {
        if (Status is null)
        {
            return; // no such agent (forgotten?): the catalog offers it packages on first contact
        }
        var offer = packagesAvailable is null ? null : PackagesAvailable.Parser.ParseFrom(packagesAvailable);
        if (Equals(offer, _packages))
        {
            return;
        }
        _packages = offer;
        state.State = state.State with { OfferedPackages = packagesAvailable };
        await SaveState();
        if (_packages is not null && _connected && Status is { } status
            && PackageOffers.Owed(status, _packages, _packagesSentOnConnection)
            && _connection is { Transport: AgentTransport.WebSocket, Gateway: { } gateway } connection)
        {
            var push = AgentReplies.Reply(new ReplyPlan(InstanceUid.ToByteString(Uid), Packages: _packages));
            _packagesSentOnConnection = _packages.AllPackagesHash;
            await gateway.Push(connection.ConnectionId, push.ToByteArray());
        }
    }

    /// <summary>Takes what the catalog offers an agent with these attributes.</summary>
    private void TakePackages(byte[]? offer)
    {
        _packages = offer is null ? null : PackagesAvailable.Parser.ParseFrom(offer);
        state.State = state.State with { OfferedPackages = offer };
    }

    public Task<AgentConfigState?> GetConfigState() => Task.FromResult(ConfigState());

    private AgentConfigState? ConfigState() => Status is null
        ? null
        : new AgentConfigState(
            _connected,
            Status.RemoteConfigStatus is { LastRemoteConfigHash.IsEmpty: false } rc ? Convert.ToHexStringLower(rc.LastRemoteConfigHash.Span) : null,
            AgentSummaries.StatusName(Status.RemoteConfigStatus?.Status ?? RemoteConfigStatuses.Unset),
            _desired is null ? null : ConfigHash.ToHex(_desired.ConfigHash));

    /// <summary>
    /// The agent's status changed about the config it should run: when a rollout gave it that config,
    /// the rollout hears it now (one-way) rather than on its next sweep.
    /// </summary>
    private async Task ReportToRollout()
    {
        if (state.State.OverrideConfig is null && DesiredConfig.Winner(state.State.Profiles.Values) is { FromRollout: true } source)
        {
            await GrainFactory.Get<IConfigProfileGrain>(source.Profile).ReportOutcome(Uid, source.Version, ConfigState());
        }
    }

    /// <summary>
    /// Saves the state, recomputes the desired config and, when it changed, sends it: pushed on an open
    /// WebSocket, otherwise pending until the agent's next message.
    /// </summary>
    private async Task<SetConfigResult> ApplyDesired()
    {
        var previous = _desired?.ConfigHash;
        (_desired, _configSource) = ResolveDesired();
        await SaveState();
        var now = clock.GetUtcNow();
        if (_desired is null)
        {
            await PublishSummary(now);
            return new SetConfigResult(SetConfigOutcome.Unchanged, null);
        }
        var hashText = ConfigHash.ToHex(_desired.ConfigHash);
        if (previous == _desired.ConfigHash)
        {
            return new SetConfigResult(SetConfigOutcome.Unchanged, hashText);
        }
        // A profile's rollout logs once for all its agents: its per-agent lines are Debug (10k of them for a 10k rollout).
        var level = _configSource == DesiredConfig.OverrideSource ? LogLevel.Information : LogLevel.Debug;
        LogRemoteConfigSet(logger, level, Uid, hashText, _configSource ?? "");

        // Push first, then list: the agent starts applying while the directory is updated (a rollout
        // to thousands of agents waits on the pushes, not on the inventory).
        var outcome = SetConfigOutcome.Pending;
        if (_connected && Status is { } status && ServerCapabilitySet.Has(status.Capabilities, AgentCapabilities.AcceptsRemoteConfig)
            && _connection is { Transport: AgentTransport.WebSocket, Gateway: { } gateway } connection)
        {
            var push = AgentReplies.Reply(new ReplyPlan(InstanceUid.ToByteString(Uid), RemoteConfig: _desired));
            _configSentOnConnection = _desired.ConfigHash;
            await gateway.Push(connection.ConnectionId, push.ToByteArray());
            outcome = SetConfigOutcome.Pushed;
        }
        await PublishSummary(now);
        return new SetConfigResult(outcome, hashText);
    }

    private (AgentRemoteConfig?, string?) ResolveDesired() => DesiredConfig.Resolve(
        state.State.OverrideConfig is { } bytes ? AgentRemoteConfig.Parser.ParseFrom(bytes) : null,
        state.State.Profiles.Values);

    /// <summary>Takes the stable version of every profile now matching; drops profiles that no longer match.</summary>
    private void TakeProfiles(List<ProfileAssignment> matches)
    {
        var matching = matches.Select(m => m.Profile).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in state.State.Profiles.Keys.Where(p => !matching.Contains(p)).ToList())
        {
            state.State.Profiles.Remove(stale);
        }
        foreach (var match in matches)
        {
            // Keep a version a running rollout gave this agent; otherwise take the stable one.
            state.State.Profiles.TryAdd(match.Profile, match);
        }
        (_desired, _configSource) = ResolveDesired();
    }

    /// <summary>The gateway's observer as stored: formatted once per gateway, not on every write.</summary>
    private string? ObserverId(IAgentConnectionObserver? gateway)
    {
        if (gateway is null)
        {
            return null;
        }
        var id = gateway.GetGrainId();
        if (_observerId is null || id != _observerGrain)
        {
            (_observerGrain, _observerId) = (id, id.ToString());
        }
        return _observerId;
    }

    /// <summary>Writes the state with the current status and connection; callers decide it is a real change.</summary>
    /// <remarks>
    /// The status is encoded again only when it changed. If the write fails (storage unreachable), memory
    /// is ahead of storage: deactivate so the next call starts again from what is stored, and let the
    /// caller report the failure (UNAVAILABLE / 503).
    /// </remarks>
    private async Task SaveState()
    {
        state.State = state.State with
        {
            Status = _statusChanged && _parsedStatus is { } changed ? changed.ToByteArray() : state.State.Status,
            Connection = _connection is { } c
                ? new StoredConnection(c.ConnectionId, c.Transport, c.GatewayId, ObserverId(c.Gateway), _connected, c.AnswersProbes)
                : null,
        };
        _statusChanged = false;
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception e)
        {
            LogStorageWriteFailed(logger, Uid, e);
            DeactivateOnIdle();
            throw;
        }
    }

    public async Task<CommandResult> Restart(TimeSpan expiresIn)
    {
        if (Status is null || state.State.ReplacedBy is not null)
        {
            return new CommandResult(SetConfigOutcome.UnknownAgent, null);
        }
        if (!ServerCapabilitySet.Has(Status.Capabilities, AgentCapabilities.AcceptsRestartCommand))
        {
            return new CommandResult(SetConfigOutcome.NotAccepted, null);
        }
        if (state.State.PendingRestart is { } pending && pending.ExpiresAt > clock.GetUtcNow())
        {
            return new CommandResult(SetConfigOutcome.Pending, pending.CommandId);
        }

        var commandId = Guid.CreateVersion7();
        if (_connected && _connection is { Transport: AgentTransport.WebSocket, Gateway: { } gateway } connection)
        {
            var push = AgentReplies.Command(InstanceUid.ToByteString(Uid), CommandType.Restart);
            await gateway.Push(connection.ConnectionId, push.ToByteArray());
            LogRestartDelivered(logger, Uid, commandId);
            return new CommandResult(SetConfigOutcome.Pushed, commandId);
        }
        state.State = state.State with { PendingRestart = new PendingCommand(commandId, clock.GetUtcNow() + expiresIn) };
        await SaveState();
        return new CommandResult(SetConfigOutcome.Pending, commandId);
    }

    public async Task<ForgetOutcome> Forget(DateTimeOffset? silentSince)
    {
        // A renamed uid's grain is a tombstone: its agent carries on (and disconnects) under the new uid.
        var connected = _connected && state.State.ReplacedBy is null;
        var outcome = AgentRetention.Decide(state.RecordExists || Status is not null, connected, _lastSeen, silentSince);
        if (outcome == ForgetOutcome.UnknownAgent)
        {
            // Nothing stored, yet perhaps still listed (a removal lost with a silo): unlist it too.
            await Directory.Remove(Uid);
        }
        if (outcome != ForgetOutcome.Forgotten)
        {
            return outcome;
        }
        _watched?.Stop();
        _watched = null;
        try
        {
            // The state first: should this fail, the agent is still listed, and a retry (or the next
            // sweep) finds it to forget again.
            await state.ClearStateAsync();
            _published = null;
            await Directory.Remove(Uid);
        }
        finally
        {
            // Fields derived from the state go with this activation; the next call starts from nothing.
            DeactivateOnIdle();
        }
        if (silentSince is null)
        {
            LogForgotten(logger, Uid);
        }
        else
        {
            LogForgottenAfterSilence(logger, Uid, _lastSeen);
        }
        return outcome;
    }

    private IAgentDirectoryGrain Directory => GrainFactory.Get<IAgentDirectoryGrain>(AgentDirectory.ShardOf(Uid));

    private bool IsFromStaleConnection(AgentConnection incoming) =>
        _connected
        && _connection is { Transport: AgentTransport.WebSocket } current
        && incoming.Transport == AgentTransport.WebSocket
        && incoming.ConnectionId != current.ConnectionId
        // Connection ids are UUIDv7: ordered by the time the gateway accepted them.
        && incoming.ConnectionId.CompareTo(current.ConnectionId) < 0;

    private AgentSummary CurrentSummary() =>
        AgentSummaries.From(Uid, Status!, _connection, _connected, _lastSeen, _desired);

    private async Task PublishSummary(DateTimeOffset now)
    {
        if (Status is null)
        {
            return;
        }
        var summary = CurrentSummary();
        if (!AgentSummaries.Differ(_published, summary) && now - _published!.LastSeen < policy.Value.EffectiveLastSeenRefresh)
        {
            return;
        }
        await Directory.Upsert(summary);
        _published = summary;
    }

    private bool ExpectsRegularMessages => ExpectsRegularMessagesWith(Status);

    private bool ExpectsRegularMessagesWith(AgentToServer? status) =>
        _connection is { } connection && status is not null && AgentReplies.ExpectsRegularMessages(connection.Transport, status);

    /// <summary>
    /// A connected agent is on this silo's <see cref="OfflineWatch"/>; a disconnected one is not. An agent not
    /// expected to report regularly is watched too: its grain looks again a window later, in case it starts.
    /// </summary>
    /// <param name="status">The current status when the caller has it (a heartbeat's small part will do: only capabilities are read).</param>
    private void EnsureWatched(AgentToServer? status = null)
    {
        if (!_connected)
        {
            _watched?.Stop();
            _watched = null;
            return;
        }
        // Capabilities can change (heartbeats reported or no longer): the entry moves to the other window.
        var quiet = !ExpectsRegularMessagesWith(status ?? Status);
        if (_watched is { Stopped: false } && _watchedQuiet == quiet)
        {
            return;
        }
        _watched?.Stop();
        _watched = quiet ? offlineWatch.WatchQuiet(Uid, _lastSeen) : offlineWatch.Watch(Uid, _lastSeen);
        _watchedQuiet = quiet;
    }

    public async Task CheckOffline()
    {
        if (_watched is { Stopped: false })
        {
            return; // heard from, or watched afresh, since the watch asked
        }
        _watched = null;
        var now = clock.GetUtcNow();
        var expectsRegularMessages = ExpectsRegularMessages;
        if (_connected && expectsRegularMessages && OfflineDeadline.IsOverdue(_lastSeen, policy.Value.EffectiveOfflineAfter, now))
        {
            _connected = false;
            LogOfflineAfterSilence(logger, Uid, now - _lastSeen);
            await SaveState();
            await PublishSummary(now);
            if (_connection is { Transport: AgentTransport.WebSocket, Gateway: { } gateway } connection)
            {
                // The socket goes too: a hung or vanished agent must not hold a gateway's slot, and a
                // stalled one reconnects (full state) rather than resuming on a socket listed offline.
                await gateway.CloseSilent(connection.ConnectionId);
            }
        }
        else if (_connected && !expectsRegularMessages && _connection is { Gateway: { } holder, AnswersProbes: true } quiet
            && await GatewayLost(holder, quiet) is { } lost
            && _connected && _connection == quiet) // no other turn ran meanwhile (not reentrant); kept should that change
        {
            now = clock.GetUtcNow();
            _connected = false;
            LogOfflineGatewayLost(logger, Uid, quiet.GatewayId, lost, now - _lastSeen);
            await SaveState();
            await PublishSummary(now);
            await holder.CloseSilent(quiet.ConnectionId); // in case it holds the socket after all (one-way)
        }
        if (_connected)
        {
            // Not overdue after all, or not expected to report regularly: a window from its last message, or
            // for an agent that may stay quiet a window from now (seconds, if its gateway just failed to answer).
            _watched = expectsRegularMessages ? offlineWatch.Watch(Uid, _lastSeen)
                : _probeFailures.Count > 0 && _probeFailures.Connection == _connection?.ConnectionId ? offlineWatch.WatchQuiet(Uid, clock.GetUtcNow(), ProbeRetry)
                : offlineWatch.WatchQuiet(Uid, clock.GetUtcNow());
            _watchedQuiet = !expectsRegularMessages;
        }
    }

    /// <summary>
    /// How long a gateway has to answer whether it holds a quiet agent's socket. Well inside the gateways'
    /// own grain-call timeout: the agent's messages and API calls for it wait behind the question.
    /// </summary>
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>How soon a gateway that failed to answer is asked again.</summary>
    private static readonly TimeSpan ProbeRetry = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Why the gateway holding a quiet agent's socket no longer does, or null while it does (or may): it
    /// says so, or fails to answer twice in a row. A killed gateway's calls time out (the cluster keeps a
    /// vanished client's messages a while in case it returns); a busy or briefly unreachable one is asked
    /// again seconds later before it counts as gone.
    /// </summary>
    private async Task<string?> GatewayLost(IAgentConnectionObserver gateway, AgentConnection connection)
    {
        if (_probeFailures.Connection != connection.ConnectionId)
        {
            _probeFailures = (connection.ConnectionId, 0);
        }
        try
        {
            var held = await gateway.AsReference<IAgentConnectionProbe>().Holds(connection.ConnectionId).WaitAsync(ProbeTimeout, clock);
            _probeFailures = (connection.ConnectionId, 0);
            return held ? null : "the gateway no longer holds its socket";
        }
        catch (Exception e)
        {
            _probeFailures = (connection.ConnectionId, _probeFailures.Count + 1);
            return _probeFailures.Count >= 2
                ? $"the gateway failed to answer for it twice in a row ({e.GetType().Name}; {ProbeTimeout.TotalSeconds:0} s each)"
                : null;
        }
    }
}
