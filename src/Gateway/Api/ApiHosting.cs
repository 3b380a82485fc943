using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Fleet.Gateway.Hosting;
using Fleet.Gateway.Security.Operators;
using Fleet.Gateway.Limits;

namespace Fleet.Gateway.Api;

public static class ApiHosting
{
    public static WebApplicationBuilder AddManagementApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton<FleetEventHub>();
        builder.Services.AddSingleton<AgentDirectoryReader>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
            o.SerializerOptions.NumberHandling = JsonNumberHandling.AllowReadingFromString;
        });
        return builder;
    }

    /// <summary>The management API, on the management listener only.</summary>
    public static WebApplication MapManagementApi(this WebApplication app)
    {
        // The API's OpenAPI document: /openapi/v1.json.
        app.MapOpenApi().WithMetadata(Listener.Management).RequireAuthorization(OperatorPolicies.Viewer);
        app.MapPackageDownloads();
        // Every /api endpoint needs a role: Viewer to read, Operator to change, unless it asks for more itself.
        app.MapGroup("/api").WithMetadata(Listener.Management).RequireOperatorRoleByMethod().RequireRateLimiting(ApiRateLimitPolicy.Name)
            .AddEndpointFilter<GrainUnavailableFilter>()
            .MapOperatorIdentity()
            .MapAgents()
            .MapProfiles()
            .MapPackages()
            .MapCustomMessages()
            .MapConnections()
            .MapAgentAccess()
            .MapEvents();
        return app;
    }
}
