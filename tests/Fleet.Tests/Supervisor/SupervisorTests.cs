using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Supervisor;

/// <summary>The supervisor in-process, running fake-agent.sh, against a real gateway.</summary>
public class SupervisorTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task RemoteConfig_AgentComesUpHealthy_FileWrittenAgentRestartedAppliedAndEffective()
    {
        using var agent = new FakeAgent();
        await using var supervisor = RunningSupervisor.Start(agent.Settings(gateway.WebSocketEndpoint));
        var firstPid = await agent.PidWhen(_ => true, "the agent runs");
        await gateway.AgentWhen(supervisor.InstanceUid, a => a.Connected() && a.Healthy(), "the supervisor reports a healthy agent");

        var config = $"receivers: {{otlp: {{}}}} # {Guid.NewGuid():N}\n";
        (await gateway.SetConfig(supervisor.InstanceUid, "collector.yaml", config)).EnsureSuccessStatusCode();

        var applied = await gateway.AgentWhen(supervisor.InstanceUid,
            a => a.RemoteConfigStatus() == "APPLIED" && a.EffectiveConfigBody("collector.yaml") == config,
            "the config is reported APPLIED and effective");
        Assert.Equal(config, await File.ReadAllTextAsync(agent.ConfigFile));
        var secondPid = await agent.PidWhen(pid => pid != firstPid, "a new agent process runs");
        Assert.Equal(config.TrimEnd('\n'), agent.RecordedConfig);
        Assert.False(FakeAgent.IsRunning(firstPid), "the agent on the old config was stopped");
        Assert.True(applied.Healthy());
        Assert.Equal(secondPid, agent.Pid);
    }

    [Fact]
    public async Task RemoteConfig_AgentFailsToStartWithIt_FailedWithReasonAndPreviousConfigRestored()
    {
        using var agent = new FakeAgent();
        await using var supervisor = RunningSupervisor.Start(agent.Settings(gateway.WebSocketEndpoint));
        var firstPid = await agent.PidWhen(_ => true, "the agent runs");
        await gateway.AgentWhen(supervisor.InstanceUid, a => a.Connected() && a.Healthy(), "the supervisor reports a healthy agent");

        (await gateway.SetConfig(supervisor.InstanceUid, "collector.yaml", "exporters: fail-to-start\n")).EnsureSuccessStatusCode();

        var failed = await gateway.AgentWhen(supervisor.InstanceUid, a => a.RemoteConfigStatus() == "FAILED", "the config is reported FAILED");
        Assert.Contains("invalid config: fail-to-start", failed.RemoteConfigError());
        Assert.Contains("rolled back", failed.RemoteConfigError());
        Assert.Equal(FakeAgent.InitialConfig, await File.ReadAllTextAsync(agent.ConfigFile));
        await agent.PidWhen(pid => pid != firstPid, "the agent runs again, on the previous config");
        Assert.Equal(FakeAgent.InitialConfig.TrimEnd('\n'), agent.RecordedConfig);
        var recovered = await gateway.AgentWhen(supervisor.InstanceUid, a => a.Healthy(), "the agent is healthy again");
        Assert.Equal(FakeAgent.InitialConfig, recovered.EffectiveConfigBody("collector.yaml"));
    }

    [Fact]
    public async Task NoConfigFile_FirstRemoteConfig_AgentWaitsThenStartsOnIt()
    {
        using var agent = new FakeAgent(initialConfig: "");
        await using var supervisor = RunningSupervisor.Start(agent.Settings(gateway.WebSocketEndpoint));
        var waiting = await gateway.AgentWhen(supervisor.InstanceUid, a => a.Connected() && a.HealthText("status").Length > 0, "the supervisor reports in");
        Assert.Equal("waiting for a remote config", waiting.HealthText("status"));
        Assert.Null(agent.Pid);

        (await gateway.SetConfig(supervisor.InstanceUid, "collector.yaml", "receivers: {} # first\n")).EnsureSuccessStatusCode();

        await gateway.AgentWhen(supervisor.InstanceUid, a => a.RemoteConfigStatus() == "APPLIED" && a.Healthy(), "the first config is applied and the agent runs");
        await agent.PidWhen(_ => true, "the agent runs");
        Assert.Equal("receivers: {} # first", agent.RecordedConfig);
    }

    [Fact]
    public async Task AgentCrash_ProcessKilled_UnhealthyThenRestartedAndHealthy()
    {
        using var agent = new FakeAgent();
        await using var supervisor = RunningSupervisor.Start(agent.Settings(gateway.WebSocketEndpoint));
        var crashedPid = await agent.PidWhen(_ => true, "the agent runs");
        await gateway.AgentWhen(supervisor.InstanceUid, a => a.Connected() && a.Healthy(), "the supervisor reports a healthy agent");

        using (var process = Process.GetProcessById(crashedPid))
        {
            process.Kill();
        }

        var down = await gateway.AgentWhen(supervisor.InstanceUid, a => !a.Healthy(), "the crash is reported as unhealthy");
        Assert.Contains("exited with code", down.HealthText("lastError"));
        Assert.Contains("restarting in", down.HealthText("status"));
        await agent.PidWhen(pid => pid != crashedPid, "the supervisor starts the agent again");
        var up = await gateway.AgentWhen(supervisor.InstanceUid, a => a.Healthy(), "the restarted agent is reported healthy");
        Assert.Equal("running", up.HealthText("status"));
    }

    [Fact]
    public async Task RestartCommand_FromApi_AgentProcessReplaced()
    {
        using var agent = new FakeAgent();
        await using var supervisor = RunningSupervisor.Start(agent.Settings(gateway.WebSocketEndpoint));
        var firstPid = await agent.PidWhen(_ => true, "the agent runs");
        await gateway.AgentWhen(supervisor.InstanceUid, a => a.Connected() && a.Healthy(), "the supervisor reports a healthy agent");

        var response = await gateway.Api.PostAsync($"/api/agents/{supervisor.InstanceUid}/restart", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await agent.PidWhen(pid => pid != firstPid, "a new agent process runs");
        Assert.False(FakeAgent.IsRunning(firstPid), "the old agent process was stopped");
        await gateway.AgentWhen(supervisor.InstanceUid, a => a.Healthy(), "the restarted agent is reported healthy");
    }

    [Fact]
    public async Task Shutdown_OverPlainHttp_AgentStoppedAndAgentDisconnectEndsItAtOnce()
    {
        using var agent = new FakeAgent();
        await using var supervisor = RunningSupervisor.Start(agent.Settings(gateway.HttpEndpoint));
        var pid = await agent.PidWhen(_ => true, "the agent runs");
        await gateway.AgentWhen(supervisor.InstanceUid, a => a.Connected() && a.Healthy(), "the supervisor reports a healthy agent");

        await supervisor.StopAsync();

        Assert.False(FakeAgent.IsRunning(pid), "the agent is stopped with the supervisor");
        // Over plain HTTP only AgentDisconnect ends the agent before the gateway's 3 s offline timeout;
        // it carries the final status too: the stopped agent's health.
        var gone = await gateway.AgentWhen(supervisor.InstanceUid, a => !a.Connected(), "AgentDisconnect marks the agent disconnected", TimeSpan.FromSeconds(2));
        Assert.False(gone.Healthy());
        Assert.Contains("shutting down", gone.HealthText("status"));
    }

    [Fact]
    public async Task HealthCheckUrl_Answers503_UnhealthyWithReasonThenHealthyAgain()
    {
        await using var health = await LoopbackHttpServer.StartAsync();
        health.Serve("/health", "ok"u8.ToArray());
        using var agent = new FakeAgent();
        await using var supervisor = RunningSupervisor.Start(agent.Settings(gateway.WebSocketEndpoint, health.Url("/health").ToString()));
        await gateway.AgentWhen(supervisor.InstanceUid, a => a.Connected() && a.Healthy(), "the health check passes");

        health.Serve("/health", 503);
        var sick = await gateway.AgentWhen(supervisor.InstanceUid, a => !a.Healthy(), "a failing health check is reported");
        Assert.Contains("HTTP 503", sick.HealthText("lastError"));

        health.Serve("/health", "ok"u8.ToArray());
        await gateway.AgentWhen(supervisor.InstanceUid, a => a.Healthy(), "the passing health check is reported");
    }

    [Fact]
    public async Task TopLevelPackage_OfferedByServer_ExecutableReplacedAndInstalledReported()
    {
        var tag = "sup" + Guid.NewGuid().ToString("N")[..8];
        using var agent = new FakeAgent();
        var settings = agent.Settings(gateway.WebSocketEndpoint);
        settings.Agent.Description.NonIdentifyingAttributes["fleet-test"] = tag;
        await using var supervisor = RunningSupervisor.Start(settings);
        var firstPid = await agent.PidWhen(_ => true, "the agent runs");
        await gateway.AgentWhen(supervisor.InstanceUid, a => a.Connected() && a.Healthy(), "the supervisor reports a healthy agent");

        var release = FakeAgent.Script(version: 2);
        (await gateway.Api.PutAsync($"/api/packages/{tag}/versions/2.0.0/file", new ByteArrayContent(release))).EnsureSuccessStatusCode();
        (await gateway.Api.PutAsJsonAsync($"/api/packages/{tag}", new { version = "2.0.0", type = "topLevel", selector = $"fleet-test={tag}" })).EnsureSuccessStatusCode();

        var installed = await gateway.AgentWhen(supervisor.InstanceUid,
            a => a.Package(tag) is { } p && p.GetProperty("status").GetString() == "Installed" && p.GetProperty("agentHasVersion").GetString() == "2.0.0",
            "the package is reported installed");
        Assert.Equal(release, await File.ReadAllBytesAsync(agent.Executable));
        await agent.PidWhen(pid => pid != firstPid, "the new executable runs");
        Assert.Equal("2", agent.Version);
        Assert.True(installed.Healthy());
    }
}
