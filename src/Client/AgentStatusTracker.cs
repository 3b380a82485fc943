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
        AgentToServer now;
        AgentToServer? last;
        ulong sequence;
        lock (_lock)
        {
            // One snapshot is both what is sent and what counts as sent.
            now = _current.Clone();
            last = _lastSent;
            _lastSent = now;
            sequence = ++_sequenceNum;
        }
        var message = new AgentToServer
        {
            InstanceUid = UidBytes(InstanceUid),
            SequenceNum = sequence,
            Capabilities = now.Capabilities,
        };
        var full = last is null;
        if (full || !Equals(now.AgentDescription, last!.AgentDescription)) { message.AgentDescription = now.AgentDescription; }
        if (full || !Equals(now.Health, last!.Health)) { message.Health = now.Health; }
        if (full || !Equals(now.EffectiveConfig, last!.EffectiveConfig)) { message.EffectiveConfig = now.EffectiveConfig; }
        if (full || !Equals(now.RemoteConfigStatus, last!.RemoteConfigStatus)) { message.RemoteConfigStatus = now.RemoteConfigStatus; }
        if (full || !Equals(now.PackageStatuses, last!.PackageStatuses)) { message.PackageStatuses = now.PackageStatuses; }
        if (full || !Equals(now.CustomCapabilities, last!.CustomCapabilities)) { message.CustomCapabilities = now.CustomCapabilities; }
        if (full || !Equals(now.ConnectionSettingsStatus, last!.ConnectionSettingsStatus)) { message.ConnectionSettingsStatus = now.ConnectionSettingsStatus; }
        return message;
    }

    public static ByteString UidBytes(Guid uid) => Contracts.Agents.InstanceUid.ToByteString(uid);
}
