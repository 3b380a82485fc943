using Fleet.Grains;

namespace Fleet.Gateway.Hosting;

public static class OrleansHosting
{
    /// <summary>
    /// Puts the grains behind this gateway: an in-process silo (embedded default) or a cluster client.
    /// Either way every agent message goes through an <c>IAgentGrain</c>; the gateway keeps only sockets.
    /// </summary>
    public static WebApplicationBuilder AddFleetOrleans(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(OrleansOptions.Section).Get<OrleansOptions>() ?? new OrleansOptions();
        switch (options.Mode)
        {
            case OrleansMode.Embedded:
                builder.UseOrleans(silo =>
                {
                    silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
                    silo.AddMemoryGrainStorage(FleetStorage.Agents);
                    silo.AddMemoryGrainStorage(FleetStorage.Directory);
                    silo.Services.AddFleetGrains(builder.Configuration);
                });
                break;
            default:
                throw new InvalidOperationException($"Fleet:Orleans:Mode '{options.Mode}' is not supported by this build.");
        }
        return builder;
    }
}
