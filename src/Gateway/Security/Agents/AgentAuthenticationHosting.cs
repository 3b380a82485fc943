using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fleet.Gateway.Security.Agents;

public static class AgentAuthenticationHosting
{
    /// <summary>Enrollment tokens, per-agent credentials and revocation for the OpAMP listener.</summary>
    public static WebApplicationBuilder AddAgentAuthentication(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<AgentAuthenticationOptions>(builder.Configuration.GetSection(AgentAuthenticationOptions.Section));
        builder.Services.AddSingleton<AgentAccessCache>();
        builder.Services.AddHostedService(services => services.GetRequiredService<AgentAccessCache>());
        builder.Services.AddHostedService<RevokedAgentDisconnector>();
        builder.Services.AddSingleton<AgentAuthenticator>();
        builder.Services.TryAddSingleton<AuthFailureMetrics>();
        return builder;
    }
}
