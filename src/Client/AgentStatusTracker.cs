using Fleet.Contracts.OpAmp;
using Google.Protobuf;

namespace Fleet.Client;

/// <summary>
/// The agent's current status and what the server has already been told. Builds each outgoing
/// message: everything on a full report, only changed fields otherwise (status compression).
/// Thread-safe: handlers set fields while the send loop builds a message, and a field set meanwhile
/// must never count as sent without having been sent.
/// </summary>
public sealed class AgentStatusTracker(Guid instanceUid, AgentDescription description, ulong capabilities)
{
    private readonly Lock _lock = new();
    private readonly AgentToServer _current = new() { AgentDescription = description, Capabilities = capabilities };
    private AgentToServer? _lastSent;
    private ulong _sequenceNum;

    public Guid InstanceUid { get; private set; } = instanceUid;

    public ulong Capabilities => _current.Capabilities;

    public ComponentHealth? Health { get { lock (_lock) { return _current.Health; } } set { lock (_lock) { _current.Health = value; } } }

    public EffectiveConfig? EffectiveConfig { get { lock (_lock) { return _current.EffectiveConfig; } } set { lock (_lock) { _current.EffectiveConfig = value; } } }

    public RemoteConfigStatus? RemoteConfigStatus { get { lock (_lock) { return _current.RemoteConfigStatus; } } set { lock (_lock) { _current.RemoteConfigStatus = value; } } }

    public PackageStatuses? PackageStatuses { get { lock (_lock) { return _current.PackageStatuses; } } set { lock (_lock) { _current.PackageStatuses = value; } } }

    public CustomCapabilities? CustomCapabilities { get { lock (_lock) { return _current.CustomCapabilities; } } set { lock (_lock) { _current.CustomCapabilities = value; } } }

    public ConnectionSettingsStatus? ConnectionSettingsStatus { get { lock (_lock) { return _current.ConnectionSettingsStatus; } } set { lock (_lock) { _current.ConnectionSettingsStatus = value; } } }

    public AgentDescription Description { get { lock (_lock) { return _current.AgentDescription; } } set { lock (_lock) { _current.AgentDescription = value; } } }

    /// <summary>Forget what was sent: the next message is a full report.</summary>
    public void ForceFullState()
    {
        lock (_lock)
        {
            _lastSent = null;
        }
    }

    public void ChangeInstanceUid(Guid uid)
    {
        InstanceUid = uid;
        ForceFullState();
    }

    public AgentToServer NextMessage()
    {
        lock (_lock)
        {
            var message = new AgentToServer
            {
                InstanceUid = UidBytes(InstanceUid),
                SequenceNum = ++_sequenceNum,
                Capabilities = _current.Capabilities,
            };
            // One snapshot of each changed field is both what is sent and what counts as sent. Only
            // changed fields are copied: a heartbeat compares and copies nothing (a process simulating
            // thousands of agents sends thousands of them).
            var full = _lastSent is null;
            var last = _lastSent ??= new AgentToServer();
            if (full || !Equals(_current.AgentDescription, last.AgentDescription)) { message.AgentDescription = last.AgentDescription = _current.AgentDescription?.Clone(); }
            if (full || !Equals(_current.Health, last.Health)) { message.Health = last.Health = _current.Health?.Clone(); }
            if (full || !Equals(_current.EffectiveConfig, last.EffectiveConfig)) { message.EffectiveConfig = last.EffectiveConfig = _current.EffectiveConfig?.Clone(); }
            if (full || !Equals(_current.RemoteConfigStatus, last.RemoteConfigStatus)) { message.RemoteConfigStatus = last.RemoteConfigStatus = _current.RemoteConfigStatus?.Clone(); }
            if (full || !Equals(_current.PackageStatuses, last.PackageStatuses)) { message.PackageStatuses = last.PackageStatuses = _current.PackageStatuses?.Clone(); }
            if (full || !Equals(_current.CustomCapabilities, last.CustomCapabilities)) { message.CustomCapabilities = last.CustomCapabilities = _current.CustomCapabilities?.Clone(); }
            if (full || !Equals(_current.ConnectionSettingsStatus, last.ConnectionSettingsStatus)) { message.ConnectionSettingsStatus = last.ConnectionSettingsStatus = _current.ConnectionSettingsStatus?.Clone(); }
            return message;
        }
    }

    public static ByteString UidBytes(Guid uid) => Contracts.Agents.InstanceUid.ToByteString(uid);
}
