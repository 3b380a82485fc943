using Fleet.Contracts.OpAmp;
using Google.Protobuf;

namespace Fleet.Grains.Agents;

/// <summary>What one reply carries besides the always-present uid and capabilities.</summary>
public sealed record ReplyPlan(
    ByteString InstanceUid,
    bool ReportFullState = false,
    ByteString? NewInstanceUid = null,
    AgentRemoteConfig? RemoteConfig = null,
    TimeSpan? HeartbeatInterval = null,
    PackagesAvailable? Packages = null,
    CustomMessage? CustomMessage = null,
    ConnectionSettingsOffers? ConnectionSettings = null,
    CustomCapabilities? CustomCapabilities = null);
