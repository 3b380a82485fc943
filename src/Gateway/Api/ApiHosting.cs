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
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        // Binding failures throw (in every environment), so ApiExceptionHandler can say what was wrong.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
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

    /// <summary>
    /// Problem details for errors: a request the API cannot bind (<see cref="ApiExceptionHandler"/>), any
    /// other failure (a bare 500, its exception only in the log), and on the management port an empty
    /// 404/405 (an unknown route or method) gets a body too.
    /// </summary>
    public static WebApplication UseApiErrors(this WebApplication app)
    {
        app.UseExceptionHandler();
        var managementPort = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<GatewayOptions>>().Value.ManagementPort;
        app.UseWhen(context => context.Connection.LocalPort == managementPort, management => management.UseStatusCodePages());
        return app;
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
