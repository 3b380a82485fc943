using Microsoft.Extensions.Configuration;
using StackExchange.Redis;

namespace Fleet.Hosting;

/// <summary>The Redis connection string (ConnectionStrings:Redis), parsed once with settings that suit a cluster store.</summary>
public static class RedisConnection
{
    public const string Name = "Redis";

    public static ConfigurationOptions Options(IConfiguration configuration)
    {
        var text = configuration.GetConnectionString(Name)
            ?? throw new InvalidOperationException("ConnectionStrings:Redis is required outside the embedded default (e.g. ConnectionStrings__Redis=127.0.0.1:6379).");
        var options = ConfigurationOptions.Parse(text);
        // Keep retrying in the background: Redis restarts must heal without restarting us.
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 2000;
        // Commands wait longer than connects: on a saturated silo the replies queue behind other work,
        // and a timed-out state read fails an activation that the agent then retries (more load).
        options.SyncTimeout = 5000;
        options.AsyncTimeout = 5000;
        return options;
    }
}
