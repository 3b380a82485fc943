using Fleet.Contracts.OpAmp;
using Google.Protobuf;

namespace Fleet.Supervisor.Storage;

/// <summary>
/// The supervisor's own state under storage.directory: the instance uid (kept across restarts), the
/// last remote config received with the status reported for it, and the packages directory.
/// </summary>
internal sealed class SupervisorStorage(string directory)
{
    private string InstanceUidPath => Path.Combine(directory, "instance_uid");
    private string RemoteConfigPath => Path.Combine(directory, "remote_config.pb");
    private string RemoteConfigStatusPath => Path.Combine(directory, "remote_config_status.pb");
    private string AppliedConfigPath => Path.Combine(directory, "applied_config.pb");

    public string PackagesDirectory => Path.Combine(directory, "packages");

    public Guid LoadOrCreateInstanceUid()
    {
        Directory.CreateDirectory(directory);
        if (File.Exists(InstanceUidPath) && Guid.TryParse(File.ReadAllText(InstanceUidPath).Trim(), out var stored))
        {
            return stored;
        }
        var created = Guid.CreateVersion7();
        SaveInstanceUid(created);
        return created;
    }

    /// <summary>Keeps a uid the server assigned (AgentIdentification).</summary>
    public void SaveInstanceUid(Guid uid) => AtomicFile.Write(InstanceUidPath, System.Text.Encoding.UTF8.GetBytes(uid.ToString() + "\n"));

    public AgentRemoteConfig? LoadRemoteConfig() => Load(RemoteConfigPath, AgentRemoteConfig.Parser);

    public RemoteConfigStatus? LoadRemoteConfigStatus() => Load(RemoteConfigStatusPath, RemoteConfigStatus.Parser);

    public void SaveRemoteConfig(AgentRemoteConfig config, RemoteConfigStatus status)
    {
        AtomicFile.Write(RemoteConfigPath, config.ToByteArray());
        AtomicFile.Write(RemoteConfigStatusPath, status.ToByteArray());
    }

    /// <summary>The last config the agent came up healthy with (its file names tell where the files are).</summary>
    public AgentConfigMap? LoadAppliedConfig() => Load(AppliedConfigPath, AgentConfigMap.Parser);

    public void SaveAppliedConfig(AgentConfigMap config) => AtomicFile.Write(AppliedConfigPath, config.ToByteArray());

    private static T? Load<T>(string path, MessageParser<T> parser)
        where T : class, IMessage<T>
    {
        try
        {
            return File.Exists(path) ? parser.ParseFrom(File.ReadAllBytes(path)) : null;
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }
}
