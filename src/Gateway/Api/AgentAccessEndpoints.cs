using Fleet.Contracts;
using Fleet.Contracts.Agents;
using Fleet.Contracts.Security;
using Fleet.Gateway.Security.Agents;
using Fleet.Gateway.Security.Operators;

namespace Fleet.Gateway.Api;

/// <summary>
/// Enrollment tokens and agent revocations. Each change refreshes this gateway's copy at once (its
/// sockets of a revoked agent close now); other gateways follow within their refresh interval.
/// Trust decisions: admins only, reading included (token names and revoked agents are no one else's business).
/// </summary>
public static class AgentAccessEndpoints
{
    public static RouteGroupBuilder MapAgentAccess(this RouteGroupBuilder api)
    {
        var admin = api.MapGroup("").RequireAuthorization(OperatorPolicies.Admin);
        admin.MapGet("/enrollment-tokens", async (IGrainFactory grains) => Results.Ok(await Access(grains).EnrollmentTokens()))
            .WithTags("Agent access").WithName("ListEnrollmentTokens");
        admin.MapPost("/enrollment-tokens", CreateToken).WithTags("Agent access").WithName("CreateEnrollmentToken");
        admin.MapDelete("/enrollment-tokens/{id:guid}", RevokeToken).WithTags("Agent access").WithName("RevokeEnrollmentToken");
        admin.MapGet("/revocations", async (IGrainFactory grains) => Results.Ok(await Access(grains).Revocations()))
            .WithTags("Agent access").WithName("ListRevocations");
        admin.MapPut("/revocations/{uid}", Revoke).WithTags("Agent access").WithName("RevokeAgent");
        admin.MapDelete("/revocations/{uid}", Reinstate).WithTags("Agent access").WithName("ReinstateAgent");
        return api;
    }

    private static async Task<IResult> CreateToken(EnrollmentTokenBody? body, IGrainFactory grains, AgentAccessCache cache, TimeProvider clock)
    {
        if (body?.ValidFor is { } validFor && validFor <= TimeSpan.Zero)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["validFor"] = ["must be positive"] });
        }
        var expiresAt = body?.ExpiresAt ?? (body?.ValidFor is { } ttl ? clock.GetUtcNow() + ttl : null);
        if (expiresAt <= clock.GetUtcNow())
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["expiresAt"] = ["must be in the future"] });
        }
        var issued = await Access(grains).CreateEnrollmentToken(body?.Name is { Length: > 0 } name ? name : "unnamed", expiresAt);
        await cache.TryRefresh();
        // The secret is in this response only: the server keeps its hash.
        return Results.Created($"/api/enrollment-tokens/{issued.Token.Id}", new { issued.Token.Id, issued.Token.Name, issued.Token.Prefix, issued.Token.CreatedAt, issued.Token.ExpiresAt, token = issued.Secret });
    }

    private static async Task<IResult> RevokeToken(Guid id, IGrainFactory grains, AgentAccessCache cache)
    {
        if (!await Access(grains).RevokeEnrollmentToken(id))
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such enrollment token", detail: id.ToString());
        }
        await cache.TryRefresh();
        return Results.NoContent();
    }

    private static async Task<IResult> Revoke(string uid, RevocationBody? body, IGrainFactory grains, AgentAccessCache cache)
    {
        if (!InstanceUid.TryParse(uid, out var agent))
        {
            return AgentsEndpoints.BadUid(uid);
        }
        // Agents not seen yet can be revoked too: a leaked uid is refused before it ever connects.
        var revocation = await Access(grains).RevokeAgent(agent, body?.Reason);
        await cache.TryRefresh();
        return Results.Ok(revocation);
    }

    private static async Task<IResult> Reinstate(string uid, IGrainFactory grains, AgentAccessCache cache)
    {
        if (!InstanceUid.TryParse(uid, out var agent))
        {
            return AgentsEndpoints.BadUid(uid);
        }
        if (!await Access(grains).ReinstateAgent(agent))
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Agent is not revoked", detail: uid);
        }
        await cache.TryRefresh();
        return Results.NoContent();
    }

    private static IAgentAccessGrain Access(IGrainFactory grains) => grains.Get<IAgentAccessGrain>(0);
}
