using Fleet.Contracts;
using System.Security.Claims;
using Fleet.Contracts.Agents;
using Fleet.Contracts.Inventory;
using Fleet.Gateway.Security.Operators;
using Orleans.Metadata;

namespace Fleet.Gateway.Api;

/// <summary><c>/api/agents</c>: list, inspect, assign remote config, restart, and forget agents that are gone.</summary>
public static class AgentsEndpoints
{
    public const int MaxPageSize = 1000;
    private const string DefaultContentType = "text/yaml";

    public static RouteGroupBuilder MapAgents(this RouteGroupBuilder api)
    {
        var agents = api.MapGroup("/agents").WithTags("Agents");
        agents.MapGet("/", List).WithName("ListAgents");
        agents.MapGet("/overview", Overview).WithName("FleetOverview");
        agents.MapGet("/{uid}", Get).WithName("GetAgent");
        agents.MapDelete("/{uid}", Forget).WithName("ForgetAgent");
        agents.MapPut("/{uid}/config", SetConfig).WithName("SetAgentConfig");
        agents.MapDelete("/{uid}/config", ClearConfig).WithName("ClearAgentConfig");
        agents.MapPost("/{uid}/restart", Restart).WithName("RestartAgent");
        return api;
    }

    private static async Task<IResult> List(
        AgentDirectoryReader directory,
        string? selector, bool? connected, bool? healthy, string? configStatus, bool? drifted,
        string? transport, string? search, string? sort, bool desc = false, int offset = 0, int limit = 100, string? after = null)
    {
        var errors = new Dictionary<string, string[]>();
        if (offset < 0 || limit is < 1 or > MaxPageSize)
        {
            errors["paging"] = [$"offset must be ≥ 0 and limit between 1 and {MaxPageSize}"];
        }
        AgentCursor? cursor = null;
        if (after is not null)
        {
            if (!AgentCursor.TryDecode(after, out cursor))
            {
                errors["after"] = ["not a cursor from this API: pass a page's \"next\" as it is"];
            }
            else if (offset != 0)
            {
                errors["after"] = ["either after (a cursor) or offset, not both"];
            }
        }
        if (!LabelSelector.TryParse(selector, out _, out var selectorError))
        {
            errors["selector"] = [selectorError!];
        }
        if (configStatus is not null && configStatus.ToUpperInvariant() is not ("APPLIED" or "APPLYING" or "FAILED" or "UNSET"))
        {
            errors["configStatus"] = ["one of APPLIED, APPLYING, FAILED, UNSET"];
        }
        AgentTransport? transportFilter = transport?.ToLowerInvariant() switch
        {
            null => null,
            "websocket" => AgentTransport.WebSocket,
            "http" => AgentTransport.Http,
            _ => null,
        };
        if (transport is not null && transportFilter is null)
        {
            errors["transport"] = ["webSocket or http"];
        }
        var order = AgentOrder.Parse(sort, desc);
        if (order is null)
        {
            errors["sort"] = [$"one of {string.Join(", ", AgentOrder.Names)}"];
        }
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        if (cursor is not null && cursor.Order != order)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                ["after"] = [$"the cursor continues sort={cursor.Order.Name}&desc={(cursor.Order.Descending ? "true" : "false")}; ask with the same order"],
            });
        }

        var query = new AgentQuery(selector, connected, healthy, configStatus, drifted, transportFilter, search);
        if (cursor is not null)
        {
            var (matching, items, next) = await directory.PageAfter(query, cursor, limit);
            return Results.Ok(new AgentPage(matching, null, limit, items.ConvertAll(AgentViews.From), next?.Encode()));
        }
        var (total, page) = await directory.Page(query, order!, offset, limit);
        // Walking on from here with the cursor costs each page the same, where a deep offset does not.
        var more = page.Count > 0 && (long)offset + page.Count < total;
        return Results.Ok(new AgentPage(total, offset, limit, page.ConvertAll(AgentViews.From), more ? AgentCursor.After(order!, page[^1]).Encode() : null));
    }

    private static async Task<IResult> Overview(IGrainFactory grains)
    {
        var parts = await grains.AskEveryShard(shard => shard.Overview());
        return Results.Ok(FleetOverview.Sum(parts));
    }

    /// <summary>One agent; config bodies with secret values hidden for viewers, or for anyone asking <c>?redact=true</c>.</summary>
    private static async Task<IResult> Get(string uid, IGrainFactory grains, ClaimsPrincipal user, OperatorAuthenticationStatus authentication, bool redact = false)
    {
        if (!InstanceUid.TryParse(uid, out var id))
        {
            return BadUid(uid);
        }
        var detail = await grains.Get<IAgentGrain>(id).GetDetail();
        if (detail is null)
        {
            return UnknownAgent(uid);
        }
        var view = AgentViews.From(detail);
        return Results.Ok(SecretVisibility.Redacts(redact, authentication, user) ? AgentViews.WithSecretsRedacted(view) : view);
    }

    /// <summary>
    /// Deletes what the server holds about an offline agent and unlists it. A connected agent is refused:
    /// its next message would list it again (and it would lose its per-agent config meanwhile).
    /// </summary>
    private static async Task<IResult> Forget(string uid, IGrainFactory grains, IClusterManifestProvider manifests, GrainInterfaceTypeResolver interfaceTypes)
    {
        if (!InstanceUid.TryParse(uid, out var id))
        {
            return BadUid(uid);
        }
        if (!ClusterSupport.EverySiloHas(manifests.Current, interfaceTypes.GetGrainInterfaceType(typeof(IAgentRetirement))))
        {
            return Results.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Not every silo can forget agents yet",
                detail: "A silo of an earlier release is still in the cluster (a rolling upgrade). Try again once every silo runs this release.");
        }
        return await grains.GetGrain<IAgentRetirement>(id).Forget(silentSince: null) switch
        {
            ForgetOutcome.Forgotten => Results.NoContent(),
            ForgetOutcome.Connected => Results.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Agent is connected",
                detail: $"Agent {InstanceUid.Format(id)} is connected: forgotten now, it would be listed again with its next message. "
                    + "Forget it once it is offline."),
            _ => UnknownAgent(uid),
        };
    }

    private static async Task<IResult> SetConfig(string uid, SetConfigBody body, IGrainFactory grains, Microsoft.Extensions.Options.IOptions<Hosting.GatewayOptions> options)
    {
        if (!InstanceUid.TryParse(uid, out var id))
        {
            return BadUid(uid);
        }
        if (Validate(body) is { } errors)
        {
            return Results.ValidationProblem(errors);
        }
        var files = Files(body);
        if (ServerMessageBudget.RefuseConfig(files, options.Value.MaxMessageBytes) is { } tooLarge)
        {
            return tooLarge;
        }
        var result = await grains.Get<IAgentGrain>(id).SetRemoteConfig(new RemoteConfigRequest(files));
        return ConfigResult(uid, id, result);
    }

    private static async Task<IResult> ClearConfig(string uid, IGrainFactory grains)
    {
        if (!InstanceUid.TryParse(uid, out var id))
        {
            return BadUid(uid);
        }
        var result = await grains.Get<IAgentGrain>(id).ClearRemoteConfig();
        return result.ConfigHash is null && result.Outcome == SetConfigOutcome.Unchanged
            ? Results.NoContent()
            : ConfigResult(uid, id, result);
    }

    internal static Dictionary<string, ConfigFile> Files(SetConfigBody body) => body.Files!.ToDictionary(
        kv => kv.Key,
        kv => new ConfigFile(kv.Value!.Body!, kv.Value.ContentType is { Length: > 0 } ct ? ct : DefaultContentType));

    private static IResult ConfigResult(string uid, Guid id, SetConfigResult result)
    {
        var formatted = InstanceUid.Format(id);
        return result.Outcome switch
        {
            SetConfigOutcome.UnknownAgent => UnknownAgent(uid),
            SetConfigOutcome.NotAccepted => Results.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Agent does not accept remote config",
                detail: $"Agent {formatted} does not declare the AcceptsRemoteConfig capability."),
            SetConfigOutcome.Pushed => Results.Ok(new SetConfigResponse(formatted, result.ConfigHash!, "pushed")),
            SetConfigOutcome.Unchanged => Results.Ok(new SetConfigResponse(formatted, result.ConfigHash!, "unchanged")),
            _ => Results.Accepted($"/api/agents/{formatted}", new SetConfigResponse(formatted, result.ConfigHash!, "pending")),
        };
    }

    private static async Task<IResult> Restart(string uid, IGrainFactory grains, RestartBody? body = null)
    {
        if (!InstanceUid.TryParse(uid, out var id))
        {
            return BadUid(uid);
        }
        var expiresIn = TimeSpan.FromSeconds(body?.ExpiresInSeconds ?? 3600);
        if (expiresIn <= TimeSpan.Zero || expiresIn > TimeSpan.FromDays(7))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["expiresInSeconds"] = ["between 1 second and 7 days"] });
        }
        var result = await grains.Get<IAgentGrain>(id).Restart(expiresIn);
        var formatted = InstanceUid.Format(id);
        return result.Outcome switch
        {
            SetConfigOutcome.UnknownAgent => UnknownAgent(uid),
            SetConfigOutcome.NotAccepted => Results.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Agent does not accept restart commands",
                detail: $"Agent {formatted} does not declare the AcceptsRestartCommand capability."),
            SetConfigOutcome.Pushed => Results.Accepted($"/api/agents/{formatted}", new RestartResponse(formatted, result.CommandId!.Value, "pushed")),
            _ => Results.Accepted($"/api/agents/{formatted}", new RestartResponse(formatted, result.CommandId!.Value, "pending")),
        };
    }

    internal static Dictionary<string, string[]>? Validate(SetConfigBody body)
    {
        if (body.Files is null)
        {
            return new() { ["files"] = ["files is required: an object of file name → {body, contentType}"] };
        }
        if (body.Files.Count == 0)
        {
            return new() { ["files"] = ["at least one file (to stop managing the agent's config, DELETE it)"] };
        }
        var errors = new Dictionary<string, string[]>();
        foreach (var (name, file) in body.Files)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                errors["files"] = ["a file needs a name"];
            }
            if (file?.Body is null)
            {
                errors[$"files.{name}.body"] = ["body is required (use \"\" for an empty file)"];
            }
        }
        return errors.Count > 0 ? errors : null;
    }

    internal static IResult BadUid(string uid) => Results.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "Invalid instance uid",
        detail: $"'{uid}' is not a UUID (canonical form or 32 hex digits).");

    internal static IResult UnknownAgent(string uid) => Results.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Unknown agent",
        detail: $"No agent {uid} has reported to this server.");
}
