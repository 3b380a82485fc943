using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Fleet.Client;
using Fleet.Contracts.OpAmp;
using Fleet.Gateway.Transport;
using Fleet.Tests.Infrastructure;
using Google.Protobuf;

namespace Fleet.Tests.Security.Agents;

/// <summary>Agents against a gateway that requires credentials: enrollment tokens, per-agent credentials, revocation.</summary>
[Collection(Observability.ExportedMetricsCollection.Name)]
public class AgentAuthenticationTests(SecuredGatewayFixture gateway) : IClassFixture<SecuredGatewayFixture>
{
    private const ulong AcceptsSettings = Messages.Caps | (ulong)(AgentCapabilities.AcceptsOpAmpconnectionSettings | AgentCapabilities.ReportsHeartbeat);

    private async Task<HttpResponseMessage> Post(AgentToServer message, string? bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, gateway.HttpEndpoint) { Content = new ByteArrayContent(message.ToByteArray()) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(HttpTransport.ProtobufContentType);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        return await gateway.OpAmpHttp.SendAsync(request);
    }

    private static ServerToAgent Reply(byte[] body) => ServerToAgent.Parser.ParseFrom(body);

    private static string? OfferedAuthorization(ServerToAgent reply) =>
        reply.ConnectionSettings?.Opamp?.Headers?.Headers_.SingleOrDefault(h => h.Key == "Authorization")?.Value;

    /// <summary>Enrolls a raw HTTP agent and returns the credential the server offered it.</summary>
    private async Task<string> Enroll(Guid uid)
    {
        using var response = await Post(Messages.First(uid, capabilities: AcceptsSettings), SecuredGatewayFixture.EnrollmentToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var offered = OfferedAuthorization(Reply(await response.Content.ReadAsByteArrayAsync()));
        Assert.NotNull(offered);
        return offered["Bearer ".Length..];
    }

    private async Task<OpAmpClient> StartClient(Uri endpoint, Guid uid, string bearer)
    {
        var options = new OpAmpClientOptions
        {
            Endpoint = endpoint,
            InstanceUid = uid,
            Description = Infrastructure.Agents.Description("secured-agent"),
            HeartbeatInterval = TimeSpan.FromMilliseconds(500),
            Capabilities = AcceptsSettings,
            Headers = { ["Authorization"] = $"Bearer {bearer}" },
            FollowHeartbeatOffers = false,
            ReconnectMinDelay = TimeSpan.FromMilliseconds(100),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
        };
        var client = new OpAmpClient(options);
        await client.StartAsync(CancellationToken.None);
        return client;
    }

    [Fact]
    public async Task Upgrade_WithoutCredentials_Refused401()
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(gateway.WebSocketEndpoint, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);
    }

    [Fact]
    public async Task Post_WithoutOrWithWrongToken_Refused401CountedAndAgentUnknown()
    {
        var uid = Guid.CreateVersion7();
        using var meter = new GatewayMeter(gateway.Services);

        using var missing = await Post(Messages.First(uid), bearer: null);
        using var wrong = await Post(Messages.First(uid), bearer: "fleet_et_not-a-token");

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("Bearer", missing.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Null(await gateway.Agent(uid));
        Assert.True(meter.Sum("fleet.auth.failures", "reason=missing") >= 1);
        Assert.True(meter.Sum("fleet.auth.failures", "reason=unknown_token") >= 1);
        Assert.Contains("fleet_auth_failures_total{", await gateway.Api.GetStringAsync("/metrics"));
    }

    [Fact]
    public async Task WebSocketAgent_WithEnrollmentToken_ReconnectsWithItsOwnCredential()
    {
        var uid = Guid.CreateVersion7();
        await using var client = await StartClient(gateway.WebSocketEndpoint, uid, SecuredGatewayFixture.EnrollmentToken);
        var reconnected = new TaskCompletionSource();
        client.Reconnected += () => reconnected.TrySetResult();

        await reconnected.Task.WaitAsync(TimeSpan.FromSeconds(15));

        var credential = CurrentBearer(client);
        Assert.StartsWith($"fleet_ac_{uid:N}_0_", credential);
        Assert.Equal(ConnectionSettingsStatuses.Applied, client.Status.ConnectionSettingsStatus?.Status);
        await gateway.AgentWhen(uid, a => a.Connected(), "the agent is connected with its own credential");
    }

    [Fact]
    public async Task HttpAgent_WithEnrollmentToken_PollsWithItsOwnCredential()
    {
        var uid = Guid.CreateVersion7();
        await using var client = await StartClient(gateway.HttpEndpoint, uid, SecuredGatewayFixture.EnrollmentToken);

        await Eventually.True(() => Task.FromResult(client.Status.ConnectionSettingsStatus?.Status == ConnectionSettingsStatuses.Applied),
            "the HTTP agent took its credential", TimeSpan.FromSeconds(10));
        var failures = 0;
        client.SendFailed += _ => Interlocked.Increment(ref failures);
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        Assert.StartsWith($"fleet_ac_{uid:N}_0_", CurrentBearer(client));
        Assert.Equal(0, failures);
        await gateway.AgentWhen(uid, a => a.Connected(), "the HTTP agent is listed");
    }

    [Fact]
    public async Task Post_CredentialOfAnotherAgent_Refused401()
    {
        var owner = Guid.CreateVersion7();
        var credential = await Enroll(owner);

        using var own = await Post(Messages.Next(owner, 2, AcceptsSettings), credential);
        using var other = await Post(Messages.First(Guid.CreateVersion7()), credential);

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
    }

    [Fact]
    public async Task RevokeAgent_ClosesSocketAndRefusesCredentialAndToken_ReinstateNeedsNewCredential()
    {
        var uid = Guid.CreateVersion7();
        var oldCredential = await Enroll(uid);
        await using var client = await StartClient(gateway.WebSocketEndpoint, uid, oldCredential);
        await gateway.AgentWhen(uid, a => a.Connected(), "the agent is connected");
        var closed = new TaskCompletionSource<WebSocketCloseStatus?>();
        client.Disconnected += status => closed.TrySetResult(status);

        using var revoke = await gateway.Api.PutAsJsonAsync($"/api/revocations/{uid}", new { reason = "laptop stolen" });

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await closed.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        using (var withCredential = await Post(Messages.Next(uid, 9, AcceptsSettings), oldCredential))
        using (var withToken = await Post(Messages.First(uid, capabilities: AcceptsSettings), SecuredGatewayFixture.EnrollmentToken))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, withCredential.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, withToken.StatusCode);
        }
        var listed = await gateway.Api.GetFromJsonAsync<JsonElement>("/api/revocations");
        Assert.Contains(listed.EnumerateArray(), r => r.GetProperty("agent").GetGuid() == uid && r.GetProperty("reason").GetString() == "laptop stolen");
        await client.DisposeAsync();

        using var reinstate = await gateway.Api.DeleteAsync($"/api/revocations/{uid}");

        Assert.Equal(HttpStatusCode.NoContent, reinstate.StatusCode);
        using (var stale = await Post(Messages.Next(uid, 10, AcceptsSettings), oldCredential))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        }
        var newCredential = await Enroll(uid);
        Assert.NotEqual(oldCredential, newCredential);
        Assert.StartsWith($"fleet_ac_{uid:N}_1_", newCredential);
    }

    [Fact]
    public async Task Client_CredentialRefusedAfterReinstatement_EnrollsAgainWithItsToken()
    {
        var uid = Guid.CreateVersion7();
        await using var client = await StartClient(gateway.WebSocketEndpoint, uid, SecuredGatewayFixture.EnrollmentToken);
        await Eventually.True(() => Task.FromResult(CurrentBearer(client)?.StartsWith($"fleet_ac_{uid:N}_0_", StringComparison.Ordinal) == true),
            "the client took its first credential", TimeSpan.FromSeconds(10));

        (await gateway.Api.PutAsJsonAsync($"/api/revocations/{uid}", new { reason = "drill" })).EnsureSuccessStatusCode();
        await gateway.AgentWhen(uid, a => !a.Connected(), "the revoked agent is disconnected");
        (await gateway.Api.DeleteAsync($"/api/revocations/{uid}")).EnsureSuccessStatusCode();

        await Eventually.True(() => Task.FromResult(CurrentBearer(client)?.StartsWith($"fleet_ac_{uid:N}_1_", StringComparison.Ordinal) == true),
            "the client fell back to its enrollment token and took a new credential", TimeSpan.FromSeconds(15));
        await gateway.AgentWhen(uid, a => a.Connected(), "the agent is back with its new credential");
    }

    [Fact]
    public async Task Upgrade_RevokedAgentNamedInHeader_Refused401()
    {
        var uid = Guid.CreateVersion7();
        (await gateway.Api.PutAsJsonAsync($"/api/revocations/{uid}", new { reason = "gone" })).EnsureSuccessStatusCode();
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Authorization", $"Bearer {SecuredGatewayFixture.EnrollmentToken}");
        socket.Options.SetRequestHeader(HttpTransport.InstanceUidHeader, uid.ToString());

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(gateway.WebSocketEndpoint, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);
    }

    [Fact]
    public async Task Client_Revoked_BacksOffInsteadOfReconnectingAtOnce()
    {
        var uid = Guid.CreateVersion7();
        await using var client = await StartClient(gateway.WebSocketEndpoint, uid, SecuredGatewayFixture.EnrollmentToken);
        await gateway.AgentWhen(uid, a => a.Connected(), "the agent is connected");
        using var meter = new GatewayMeter(gateway.Services);

        (await gateway.Api.PutAsJsonAsync($"/api/revocations/{uid}", new { reason = "drill" })).EnsureSuccessStatusCode();
        await Task.Delay(TimeSpan.FromSeconds(3));

        // Refused on the upgrade (the client names itself), then backing off (here 100 ms doubling to
        // 500 ms): a handful of refusals in 3 s, not one per 100 ms.
        Assert.InRange(meter.Sum("fleet.auth.failures", "surface=opamp", "reason=revoked"), 1, 12);
        (await gateway.Api.DeleteAsync($"/api/revocations/{uid}")).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task PackageDownload_NeedsAgentCredentials()
    {
        var name = $"secured-{Guid.NewGuid():N}"[..20];
        var content = System.Security.Cryptography.RandomNumberGenerator.GetBytes(2_000);
        (await gateway.Api.PutAsync($"/api/packages/{name}/versions/1.0.0/file", new ByteArrayContent(content))).EnsureSuccessStatusCode();

        using var anonymous = await gateway.OpAmpHttp.GetAsync($"/v1/packages/{name}/1.0.0");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/packages/{name}/1.0.0");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SecuredGatewayFixture.EnrollmentToken);
        using var enrolled = await gateway.OpAmpHttp.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, enrolled.StatusCode);
        Assert.Equal(content, await enrolled.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task EnrollmentToken_MadeThroughApi_AdmitsUntilRevoked()
    {
        using var created = await gateway.Api.PostAsJsonAsync("/api/enrollment-tokens", new { name = "rack-7" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var token = body.GetProperty("token").GetString()!;
        var id = body.GetProperty("id").GetGuid();

        using (var admitted = await Post(Messages.First(Guid.CreateVersion7()), token))
        {
            Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
        }
        var listed = await gateway.Api.GetStringAsync("/api/enrollment-tokens");
        Assert.Contains("rack-7", listed);
        Assert.DoesNotContain(token, listed);

        using var revoked = await gateway.Api.DeleteAsync($"/api/enrollment-tokens/{id}");

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        using var refused = await Post(Messages.First(Guid.CreateVersion7()), token);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task EnrollmentToken_PastItsExpiry_Refused()
    {
        using var past = await gateway.Api.PostAsJsonAsync("/api/enrollment-tokens", new { name = "late", expiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        using var created = await gateway.Api.PostAsJsonAsync("/api/enrollment-tokens", new { name = "brief", validFor = "00:00:01" });
        var token = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;

        using (var early = await Post(Messages.First(Guid.CreateVersion7()), token))
        {
            Assert.Equal(HttpStatusCode.OK, early.StatusCode);
        }
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        using var late = await Post(Messages.First(Guid.CreateVersion7()), token);

        Assert.Equal(HttpStatusCode.Unauthorized, late.StatusCode);
    }

    [Fact]
    public async Task NodeAgents_WithEnrollmentToken_Listed()
    {
        await using var agents = Interop.NodeAgents.Start(gateway.HttpEndpoint, 2, SecuredGatewayFixture.EnrollmentToken);
        await Eventually.True(() => Task.FromResult(agents.Events("started").Count() == 2), "the node agents started: " + agents.Diagnostics, TimeSpan.FromSeconds(30));

        foreach (var started in agents.Events("started"))
        {
            var uid = Guid.ParseExact(started.GetProperty("instanceUid").GetString()!, "N");
            await gateway.AgentWhen(uid, a => a.Connected(), $"node agent {uid} got in with the enrollment token");
        }
    }

    private static string? CurrentBearer(OpAmpClient client) =>
        client.Options.Headers.TryGetValue("Authorization", out var value) ? value["Bearer ".Length..] : null;
}
