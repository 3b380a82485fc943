using Fleet.Contracts;
using Fleet.Contracts.Agents;
using Fleet.Contracts.Connections;
using Fleet.Contracts.OpAmp;
using Fleet.Gateway.Security.Operators;
using Google.Protobuf;

namespace Fleet.Gateway.Api;

/// <summary>Connection settings offers, client certificates from the server's CA, and the CA itself.</summary>
public static class ConnectionsEndpoints
{
    public static RouteGroupBuilder MapConnections(this RouteGroupBuilder api)
    {
        // Both can point an agent at another server or hand it new credentials: admin only.
        api.MapPut("/agents/{uid}/connection-settings", Set).WithTags("Connections").WithName("SetConnectionSettings")
            .RequireAuthorization(OperatorPolicies.Admin);
        api.MapPost("/agents/{uid}/certificate/rotate", Rotate).WithTags("Connections").WithName("RotateCertificate")
            .RequireAuthorization(OperatorPolicies.Admin);
        api.MapGet("/certificates/ca", async (IGrainFactory grains) =>
            Results.Text(await grains.Get<ICertificateAuthorityGrain>(0).CertificatePem(), "application/x-pem-file"))
            .WithTags("Connections").WithName("CertificateAuthority");
        return api;
    }

    private const ulong MaxHeartbeatSeconds = 86_400;

    private static async Task<IResult> Set(string uid, ConnectionSettingsBody body, IGrainFactory grains)
    {
        if (!InstanceUid.TryParse(uid, out var id))
        {
            return AgentsEndpoints.BadUid(uid);
        }
        var errors = new Dictionary<string, string[]>();
        var offers = new ConnectionSettingsOffers();
        if (body.Opamp is { } opamp)
        {
            if (opamp.HeartbeatIntervalSeconds > MaxHeartbeatSeconds)
            {
                errors["opamp.heartbeatIntervalSeconds"] = [$"between 0 (the server's default) and {MaxHeartbeatSeconds} (a day)"];
            }
            offers.Opamp = new OpAMPConnectionSettings
            {
                DestinationEndpoint = Endpoint(opamp, "opamp", errors, "ws", "wss", "http", "https"),
                Headers = Headers(opamp),
                HeartbeatIntervalSeconds = opamp.HeartbeatIntervalSeconds ?? 0,
            };
        }
        OpAmpOnly(body.OwnMetrics, "ownMetrics", errors);
        OpAmpOnly(body.OwnTraces, "ownTraces", errors);
        OpAmpOnly(body.OwnLogs, "ownLogs", errors);
        offers.OwnMetrics = Telemetry(body.OwnMetrics, "ownMetrics", errors);
        offers.OwnTraces = Telemetry(body.OwnTraces, "ownTraces", errors);
        offers.OwnLogs = Telemetry(body.OwnLogs, "ownLogs", errors);
        foreach (var (name, other) in body.OtherConnections ?? [])
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                errors["otherConnections"] = ["a connection needs a name"];
            }
            OpAmpOnly(other, $"otherConnections.{name}", errors);
            var settings = new OtherConnectionSettings { DestinationEndpoint = Endpoint(other, $"otherConnections.{name}", errors), Headers = Headers(other) };
            settings.OtherSettings.Add(other.OtherSettings ?? []);
            offers.OtherConnections[name] = settings;
        }
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }
        var result = await grains.Get<IAgentGrain>(id).SetConnectionSettings(offers.ToByteArray());
        return Outcome(result, uid);
    }

    private static async Task<IResult> Rotate(string uid, IGrainFactory grains)
    {
        if (!InstanceUid.TryParse(uid, out var id))
        {
            return AgentsEndpoints.BadUid(uid);
        }
        return Outcome(await grains.Get<IAgentGrain>(id).RotateCertificate(), uid);
    }

    private static IResult Outcome(SetConfigResult result, string uid) => result.Outcome switch
    {
        SetConfigOutcome.UnknownAgent => AgentsEndpoints.UnknownAgent(uid),
        SetConfigOutcome.NotAccepted => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Agent does not accept these connection settings",
            detail: $"Agent {uid} declares no capability for the connections offered (AcceptsOpAMPConnectionSettings for opamp and certificates, "
                + "ReportsOwnMetrics/Traces/Logs for ownMetrics/Traces/Logs, AcceptsOtherConnectionSettings for otherConnections)."),
        SetConfigOutcome.Pushed => Results.Ok(new { hash = result.ConfigHash, delivery = "pushed" }),
        SetConfigOutcome.Unchanged => Results.Ok(new { hash = result.ConfigHash, delivery = "unchanged" }),
        _ => Results.Accepted(value: new { hash = result.ConfigHash, delivery = "pending" }),
    };

    private static TelemetryConnectionSettings? Telemetry(ConnectionBody? body, string field, Dictionary<string, string[]> errors) =>
        body is null ? null : new TelemetryConnectionSettings { DestinationEndpoint = Endpoint(body, field, errors), Headers = Headers(body) };

    private static void OpAmpOnly(ConnectionBody? body, string field, Dictionary<string, string[]> errors)
    {
        if (body?.HeartbeatIntervalSeconds is not null)
        {
            errors[$"{field}.heartbeatIntervalSeconds"] = ["only the opamp connection has a heartbeat interval"];
        }
    }

    private static string Endpoint(ConnectionBody body, string field, Dictionary<string, string[]> errors, params string[] schemes)
    {
        var endpoint = body.DestinationEndpoint ?? "";
        if (endpoint.Length > 0 && (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (schemes.Length > 0 && !schemes.Contains(uri.Scheme))))
        {
            errors[$"{field}.destinationEndpoint"] = [schemes.Length > 0 ? $"an absolute {string.Join("/", schemes)} URL" : "an absolute URL"];
        }
        return endpoint;
    }

    private static Headers? Headers(ConnectionBody body)
    {
        if (body.Headers is not { Count: > 0 } headers)
        {
            return null;
        }
        var result = new Headers();
        foreach (var (key, value) in headers)
        {
            result.Headers_.Add(new Header { Key = key, Value = value });
        }
        return result;
    }
}
