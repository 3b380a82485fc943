using Fleet.Contracts.Agents;
using Fleet.Contracts.OpAmp;

namespace Fleet.Tests.Infrastructure;

public static class Messages
{
    public const ulong Caps = (ulong)(AgentCapabilities.ReportsStatus | AgentCapabilities.AcceptsRemoteConfig
        | AgentCapabilities.ReportsEffectiveConfig | AgentCapabilities.ReportsRemoteConfig | AgentCapabilities.ReportsHealth);

    public static AgentToServer First(Guid uid, string name = "raw-agent", ulong capabilities = Caps) => new()
    {
        InstanceUid = InstanceUid.ToByteString(uid),
        SequenceNum = 1,
        Capabilities = capabilities,
        AgentDescription = Agents.Description(name),
        Health = new ComponentHealth { Healthy = true, Status = "running" },
    };

    public static AgentToServer Next(Guid uid, ulong seq, ulong capabilities = Caps) => new()
    {
        InstanceUid = InstanceUid.ToByteString(uid),
        SequenceNum = seq,
        Capabilities = capabilities,
    };
}
