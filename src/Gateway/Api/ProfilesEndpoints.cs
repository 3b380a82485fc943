using Fleet.Contracts;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Fleet.Contracts.Agents;
using Fleet.Contracts.Configs;
using Fleet.Contracts.Inventory;
using Fleet.Gateway.Security.Operators;
using Fleet.Gateway.Security.Secrets;
using Orleans.Metadata;

namespace Fleet.Gateway.Api;

/// <summary>
/// <c>/api/profiles</c>: named, versioned configs assigned by label selector, with staged rollouts.
/// Precedence for an agent: its own config (PUT /api/agents/{uid}/config) › the matching profile of
/// highest priority › on equal priority, the profile name first in ordinal order.
/// </summary>
public static partial class ProfilesEndpoints
{
    public static RouteGroupBuilder MapProfiles(this RouteGroupBuilder api)
    {
        var profiles = api.MapGroup("/profiles").WithTags("Profiles");
        profiles.MapGet("/", List).WithName("ListProfiles");
        profiles.MapGet("/{name}", Get).WithName("GetProfile");
        profiles.MapPut("/{name}", Define).WithName("DefineProfile");
        profiles.MapDelete("/{name}", Delete).WithName("DeleteProfile");
        profiles.MapPost("/{name}/versions", Publish).WithName("PublishProfileVersion");
        profiles.MapGet("/{name}/versions/{version:int}", GetVersion).WithName("GetProfileVersion");
        profiles.MapPost("/{name}/rollout/{action}", Control).WithName("ControlRollout");
        return api;
    }

    private static async Task<IResult> List(IGrainFactory grains)
    {
        var names = await grains.Get<IProfileIndexGrain>(0).Names();
        var profiles = await Task.WhenAll(names.Select(n => grains.Get<IConfigProfileGrain>(n).Get()));
        return Results.Ok(profiles.Where(p => p is not null));
    }

    private static async Task<IResult> Get(string name, IGrainFactory grains) =>
        !ValidName(name) ? BadName(name)
        : await grains.Get<IConfigProfileGrain>(name).Get() is { } profile ? Results.Ok(profile)
        : UnknownProfile(name);

    private static async Task<IResult> Define(string name, DefineProfileBody body, IGrainFactory grains)
    {
        if (!ValidName(name))
        {
            return BadName(name);
        }
        var errors = new Dictionary<string, string[]>();
        if (body.Selector is null)
        {
            // Left out by mistake it would match the whole fleet: matching everything has to be asked for.
            errors["selector"] = ["required: a label selector such as env=prod, or \"\" for every agent"];
        }
        else if (!LabelSelector.TryParse(body.Selector, out _, out var selectorError))
        {
            errors["selector"] = [selectorError!];
        }
        var policy = body.Rollout ?? new RolloutPolicy();
        if (policy.InitialBatch < 1 || policy.GrowthFactor < 1 || policy.MaxBatch < 1)
        {
            errors["rollout"] = ["initialBatch, growthFactor and maxBatch must be at least 1"];
        }
        if (policy.FailureThreshold is < 0 or > 1)
        {
            errors["rollout.failureThreshold"] = ["a fraction between 0 and 1"];
        }
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }
        var profile = await grains.Get<IConfigProfileGrain>(name).Define(new ProfileDefinition(body.Selector!, body.Priority, policy));
        return profile.DeletingSince is null ? Results.Ok(profile) : BeingDeleted(name);
    }

    /// <summary>How long <c>DELETE</c> waits for the withdrawals before answering 202, unless asked (<c>?wait=</c> seconds).</summary>
    private static readonly TimeSpan DeleteWait = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait a caller may ask for: well inside the gateway's grain-call timeout.</summary>
    private static readonly TimeSpan MaxDeleteWait = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Stops the profile's rollout, withdraws it from its agents (each falls back to its own config or its
    /// next profile) and deletes it with its versions: 200 once done, or 202 while the withdrawals go on
    /// (the profile then shows <c>deletingSince</c> until it is gone). What agents already run stays until
    /// another config reaches them: OpAMP has no "remove config" message.
    /// </summary>
    private static async Task<IResult> Delete(
        string name, string? wait, IGrainFactory grains, IClusterManifestProvider manifests, GrainInterfaceTypeResolver interfaceTypes)
    {
        if (!ValidName(name))
        {
            return BadName(name);
        }
        var waitFor = DeleteWait;
        if (wait is not null)
        {
            if (!double.TryParse(wait, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
                || !(seconds >= 0 && seconds <= MaxDeleteWait.TotalSeconds))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["wait"] = [$"seconds to wait for the deletion to finish, from 0 to {MaxDeleteWait.TotalSeconds:0}"],
                });
            }
            waitFor = TimeSpan.FromSeconds(seconds);
        }
        if (!ClusterSupport.EverySiloHas(manifests.Current, interfaceTypes.GetGrainInterfaceType(typeof(IProfileDeletion)))
            || !ClusterSupport.EverySiloHas(manifests.Current, interfaceTypes.GetGrainInterfaceType(typeof(IProfileIndexRemoval))))
        {
            return Results.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Not every silo can delete profiles yet",
                detail: "A silo of an earlier release is still in the cluster (a rolling upgrade). Try again once every silo runs this release.");
        }
        return await grains.GetGrain<IProfileDeletion>(name).Delete(waitFor) switch
        {
            null => UnknownProfile(name),
            { Done: true } done => Results.Ok(new ProfileDeleted(name, done.WithdrawnFrom, Deleted: true)),
            var going => Results.Accepted($"/api/profiles/{name}", new ProfileDeleted(name, going.WithdrawnFrom, Deleted: false)),
        };
    }

    private static async Task<IResult> Publish(string name, SetConfigBody body, IGrainFactory grains, Microsoft.Extensions.Options.IOptions<Hosting.GatewayOptions> options)
    {
        if (!ValidName(name))
        {
            return BadName(name);
        }
        if (AgentsEndpoints.Validate(body) is { } errors)
        {
            return Results.ValidationProblem(errors);
        }
        var files = AgentsEndpoints.Files(body);
        if (ServerMessageBudget.RefuseConfig(files, options.Value.MaxMessageBytes) is { } tooLarge)
        {
            return tooLarge;
        }
        var profile = grains.Get<IConfigProfileGrain>(name);
        if (await profile.Publish(files) is { } version)
        {
            return Results.Created($"/api/profiles/{name}/versions/{version.Version}", version);
        }
        return await profile.Get() is { DeletingSince: not null } ? BeingDeleted(name) : UnknownProfile(name);
    }

    /// <summary>A version's files; secret values hidden for viewers, or on <c>?redact=true</c>, as for one agent's configs.</summary>
    private static async Task<IResult> GetVersion(
        string name, int version, IGrainFactory grains, ClaimsPrincipal user, OperatorAuthenticationStatus authentication, bool redact = false)
    {
        if (!ValidName(name))
        {
            return BadName(name);
        }
        var profile = grains.Get<IConfigProfileGrain>(name);
        var files = await profile.GetVersion(version);
        if (files is null)
        {
            if (await profile.Get() is null)
            {
                return UnknownProfile(name);
            }
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown version", detail: $"Profile '{name}' has no version {version}.");
        }
        var secretsRedacted = SecretVisibility.Redacts(redact, authentication, user);
        if (secretsRedacted)
        {
            files = files.ToDictionary(kv => kv.Key, kv => kv.Value with { Body = SecretRedactor.Redact(kv.Value.Body, kv.Value.ContentType) });
        }
        return Results.Ok(new { version, files, secretsRedacted });
    }

    private static async Task<IResult> Control(string name, string action, IGrainFactory grains)
    {
        if (!ValidName(name))
        {
            return BadName(name);
        }
        RolloutAction? parsed = action.ToLowerInvariant() switch
        {
            "pause" => RolloutAction.Pause,
            "resume" => RolloutAction.Resume,
            "rollback" => RolloutAction.Rollback,
            _ => null,
        };
        if (parsed is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown action", detail: "pause, resume or rollback");
        }
        var profile = grains.Get<IConfigProfileGrain>(name);
        switch (await profile.Get())
        {
            case null:
                return UnknownProfile(name);
            case { DeletingSince: not null }:
                return BeingDeleted(name);
        }
        return await profile.Control(parsed.Value)
            ? Results.Ok(await profile.Get())
            : Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not possible now",
                detail: $"The rollout of profile '{name}' cannot {action} in its current state.");
    }

    private static bool ValidName(string name) => ProfileName().IsMatch(name);

    private static IResult BadName(string name) => Results.Problem(
        statusCode: StatusCodes.Status400BadRequest, title: "Invalid profile name",
        detail: $"'{name}': 1–64 characters of letters, digits, '-', '_' or '.'.");

    private static IResult UnknownProfile(string name) => Results.Problem(
        statusCode: StatusCodes.Status404NotFound, title: "Unknown profile", detail: $"No profile '{name}' is defined (PUT /api/profiles/{name} first).");

    private static IResult BeingDeleted(string name) => Results.Problem(
        statusCode: StatusCodes.Status409Conflict, title: "Profile being deleted",
        detail: $"Profile '{name}' is being deleted; define it again once it is gone (GET /api/profiles/{name} answers 404).");

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex ProfileName();
}
