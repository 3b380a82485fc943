using Fleet.Contracts.OpAmp;
using Google.Protobuf;

namespace Fleet.Client;

/// <summary>
/// The agent's current status and what the server has already been told. Builds each outgoing
/// message: everything on a full report, only changed fields otherwise (status compression).
/// </summary>
public sealed class AgentStatusTracker(Guid instanceUid, AgentDescription description, ulong capabilities)
{
    private readonly AgentToServer _current = new() { AgentDescription = description, Capabilities = capabilities };
    private AgentToServer? _lastSent;
    private ulong _sequenceNum;

    public Guid InstanceUid { get; private set; } = instanceUid;

    public ulong Capabilities => _current.Capabilities;

    public ComponentHealth? Health { get => _current.Health; set => _current.Health = value; }

    public EffectiveConfig? EffectiveConfig { get => _current.EffectiveConfig; set => _current.EffectiveConfig = value; }

    public RemoteConfigStatus? RemoteConfigStatus { get => _current.RemoteConfigStatus; set => _current.RemoteConfigStatus = value; }

    public PackageStatuses? PackageStatuses { get => _current.PackageStatuses; set => _current.PackageStatuses = value; }

    public CustomCapabilities? CustomCapabilities { get => _current.CustomCapabilities; set => _current.CustomCapabilities = value; }

    public ConnectionSettingsStatus? ConnectionSettingsStatus { get => _current.ConnectionSettingsStatus; set => _current.ConnectionSettingsStatus = value; }

    public AgentDescription Description { get => _current.AgentDescription; set => _current.AgentDescription = value; }

    /// <summary>Forget what was sent: the next message is a full report.</summary>
    public void ForceFullState() => _lastSent = null;

    public void ChangeInstanceUid(Guid uid)
    {
        InstanceUid = uid;
        ForceFullState();
    }

    public AgentToServer NextMessage()
    {
        var message = new AgentToServer
        {
            InstanceUid = UidBytes(InstanceUid),
            SequenceNum = ++_sequenceNum,
            Capabilities = _current.Capabilities,
        };
        var full = _lastSent is null;
        if (full || !Equals(_current.AgentDescription, _lastSent!.AgentDescription)) { message.AgentDescription = _current.AgentDescription?.Clone(); }
        if (full || !Equals(_current.Health, _lastSent!.Health)) { message.Health = _current.Health?.Clone(); }
        if (full || !Equals(_current.EffectiveConfig, _lastSent!.EffectiveConfig)) { message.EffectiveConfig = _current.EffectiveConfig?.Clone(); }
        if (full || !Equals(_current.RemoteConfigStatus, _lastSent!.RemoteConfigStatus)) { message.RemoteConfigStatus = _current.RemoteConfigStatus?.Clone(); }
        if (full || !Equals(_current.PackageStatuses, _lastSent!.PackageStatuses)) { message.PackageStatuses = _current.PackageStatuses?.Clone(); }
        if (full || !Equals(_current.CustomCapabilities, _lastSent!.CustomCapabilities)) { message.CustomCapabilities = _current.CustomCapabilities?.Clone(); }
        if (full || !Equals(_current.ConnectionSettingsStatus, _lastSent!.ConnectionSettingsStatus)) { message.ConnectionSettingsStatus = _current.ConnectionSettingsStatus?.Clone(); }
        _lastSent = _current.Clone();
        return message;
    }

    public static ByteString UidBytes(Guid uid) => Contracts.Agents.InstanceUid.ToByteString(uid);
}
