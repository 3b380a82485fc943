using Fleet.Client;
using Fleet.Contracts.OpAmp;
using Fleet.Supervisor.Agent;
using Fleet.Supervisor.Configuration;
using Fleet.Supervisor.Storage;
using Google.Protobuf;

namespace Fleet.Supervisor.RemoteConfig;

/// <summary>
/// Applies a remote config: writes its files atomically, restarts the agent and waits for it to come
/// up healthy. If it does not, the previous files are put back and the agent restarted on them, and
/// the config is reported FAILED with the reason. The received config and its status are kept in
/// storage, so a supervisor restart neither re-applies nor forgets it.
/// </summary>
internal sealed partial class RemoteConfigApplier(AgentSettings settings, AgentRunner runner, SupervisorStorage storage, ILogger<RemoteConfigApplier> logger)
{
    private RemoteConfigStatus? _lastStatus = storage.LoadRemoteConfigStatus();

    /// <summary>The status reported for the last remote config (restored from storage at start).</summary>
    public RemoteConfigStatus? LastStatus => _lastStatus;

    /// <summary>Whether there is a config file to start the agent with.</summary>
    public bool HasConfigFile => File.Exists(settings.ConfigFile);

    /// <summary>The config the agent runs with, read back from disk under the names the server gave it.</summary>
    public AgentConfigMap? EffectiveConfig()
    {
        if (storage.LoadAppliedConfig() is { } applied && ConfigFileLayout.Place(applied, settings.ConfigFile) is ({ } paths, null))
        {
            return ReadBack(applied, paths);
        }
        if (!HasConfigFile)
        {
            return null;
        }
        var name = Path.GetFileName(settings.ConfigFile);
        var contentType = Path.GetExtension(name) is ".yaml" or ".yml" ? "text/yaml" : "";
        return new AgentConfigMap
        {
            ConfigMap = { [name] = new AgentConfigFile { Body = ByteString.CopyFrom(File.ReadAllBytes(settings.ConfigFile)), ContentType = contentType } },
        };
    }

    public async Task<RemoteConfigOutcome> ApplyAsync(AgentRemoteConfig config, Action<RemoteConfigStatus> reportApplying, CancellationToken cancellationToken)
    {
        var files = config.Config ?? new AgentConfigMap();
        if (AlreadyHandled(config, files) is { } earlier)
        {
            return earlier;
        }
        if (files.ConfigMap.Count == 0)
        {
            LogEmptyConfig(logger);
            return Done(config, new RemoteConfigOutcome(RemoteConfigStatuses.Applied, null, EffectiveConfig()));
        }
        var (paths, layoutError) = ConfigFileLayout.Place(files, settings.ConfigFile);
        if (paths is null)
        {
            return Done(config, RemoteConfigOutcome.Failed(layoutError!));
        }

        var backup = ConfigFileBackup.Take(paths.Values);
        reportApplying(new RemoteConfigStatus { LastRemoteConfigHash = config.ConfigHash, Status = RemoteConfigStatuses.Applying });
        try
        {
            foreach (var (name, path) in paths)
            {
                AtomicFile.Write(path, files.ConfigMap[name].Body.Span);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            backup.Restore();
            return Done(config, RemoteConfigOutcome.Failed($"cannot write the config: {e.Message}"));
        }
        LogWritten(logger, paths.Count, settings.ConfigFile);

        var started = await runner.RestartAsync(cancellationToken);
        if (started.Healthy)
        {
            storage.SaveAppliedConfig(files);
            LogApplied(logger);
            return Done(config, RemoteConfigOutcome.Applied(ReadBack(files, paths)));
        }

        LogRollingBack(logger, started.Error!);
        backup.Restore();
        if (backup.Had(settings.ConfigFile))
        {
            var restored = await runner.RestartAsync(cancellationToken);
            if (!restored.Healthy)
            {
                LogPreviousAlsoUnhealthy(logger, restored.Error!);
            }
        }
        else
        {
            await runner.StopAsync("waiting for a remote config the agent accepts", cancellationToken);
        }
        return Done(config, RemoteConfigOutcome.Failed($"the agent did not come up healthy with the new config ({started.Error}); rolled back to the previous config"));
    }

    /// <summary>The same config again (e.g. after a supervisor restart): report what was decided, without restarting the agent.</summary>
    private RemoteConfigOutcome? AlreadyHandled(AgentRemoteConfig config, AgentConfigMap files)
    {
        if (_lastStatus is not { } last || last.LastRemoteConfigHash.IsEmpty || last.LastRemoteConfigHash != config.ConfigHash)
        {
            return null;
        }
        if (last.Status == RemoteConfigStatuses.Failed)
        {
            return RemoteConfigOutcome.Failed(last.ErrorMessage);
        }
        if (last.Status == RemoteConfigStatuses.Applied && ConfigFileLayout.Place(files, settings.ConfigFile) is ({ } paths, null))
        {
            var onDisk = ReadBack(files, paths);
            // Files edited locally since: apply again.
            return files.ConfigMap.All(f => onDisk.ConfigMap.TryGetValue(f.Key, out var disk) && disk.Body == f.Value.Body)
                ? RemoteConfigOutcome.Applied(onDisk)
                : null;
        }
        return null;
    }

    private RemoteConfigOutcome Done(AgentRemoteConfig config, RemoteConfigOutcome outcome)
    {
        var status = new RemoteConfigStatus
        {
            LastRemoteConfigHash = config.ConfigHash,
            Status = outcome.Status,
            ErrorMessage = outcome.ErrorMessage ?? "",
        };
        _lastStatus = status;
        storage.SaveRemoteConfig(config, status);
        if (outcome.Status == RemoteConfigStatuses.Failed)
        {
            LogFailed(logger, outcome.ErrorMessage ?? "");
        }
        return outcome;
    }

    private static AgentConfigMap ReadBack(AgentConfigMap files, Dictionary<string, string> paths)
    {
        var effective = new AgentConfigMap();
        foreach (var (name, path) in paths)
        {
            if (File.Exists(path))
            {
                effective.ConfigMap[name] = new AgentConfigFile
                {
                    Body = ByteString.CopyFrom(File.ReadAllBytes(path)),
                    ContentType = files.ConfigMap[name].ContentType,
                };
            }
        }
        return effective;
    }
}
