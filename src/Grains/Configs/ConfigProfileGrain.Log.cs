using Microsoft.Extensions.Logging;

namespace Fleet.Grains.Configs;

public sealed partial class ConfigProfileGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Profile {Profile}: version {Version} published to {Targets} agents in {Batches} batches")]
    private static partial void LogPublished(ILogger logger, string profile, int version, int targets, int batches);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Profile {Profile}: rollout of version {Version} paused, {Failed} agent(s) failed")]
    private static partial void LogAutoPaused(ILogger logger, string profile, int version, int failed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Profile {Profile}: version {Version} rolled out")]
    private static partial void LogCompleted(ILogger logger, string profile, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Profile {Profile}: version {Version} rolled back on {Agents} agents")]
    private static partial void LogRolledBack(ILogger logger, string profile, int version, int agents);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Profile {Profile}: version {Version}, asked {Asked} agent(s) not yet APPLIED, {Changed} outcome(s) changed")]
    private static partial void LogReconciled(ILogger logger, string profile, int version, int asked, int changed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Profile {Profile} deleted: withdrawn from {Agents} agent(s)")]
    private static partial void LogDeleted(ILogger logger, string profile, int agents);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Profile {Profile}: deletion failed, trying again in {Retry}")]
    private static partial void LogDeletionFailed(ILogger logger, Exception exception, string profile, TimeSpan retry);
}
