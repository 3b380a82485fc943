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
        options.SyncTimeout = 2000;
        options.AsyncTimeout = 2000;
        return options;
    }
}
