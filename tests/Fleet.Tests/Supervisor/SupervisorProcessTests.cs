using System.Diagnostics;
using Fleet.Supervisor.Agent;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Supervisor;

/// <summary>The built supervisor as its own process: YAML file, signals, and storage across runs.</summary>
public class SupervisorProcessTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Sigterm_RunningSupervisor_AgentStoppedGoodbyeSentAndUidKeptForNextRun()
    {
        using var agent = new FakeAgent();
        var yaml = Path.Combine(agent.Root, "supervisor.yaml");
        await File.WriteAllTextAsync(yaml, $"""
            server:
              endpoint: {gateway.WebSocketEndpoint}
              heartbeat_interval: 1s
            agent:
              executable: bin/fake-agent
              args: [--config, {agent.ConfigFile}, --state, {agent.StateDirectory}]
              config_file: etc/collector.yaml
              startup_period: 300ms
              config_apply_timeout: 5s
              stop_timeout: 2s
            storage:
              directory: storage
            """);

        Guid uid;
        int firstPid;
        using (var first = StartSupervisor(yaml))
        {
            uid = Guid.Parse(await Eventually.Value(() => Task.FromResult(ReadUid(agent)), "the supervisor stores its instance uid"));
            await gateway.AgentWhen(uid, a => a.Connected() && a.Healthy(), "the supervisor reports a healthy agent");
            firstPid = agent.Pid!.Value;

            Assert.True(UnixSignals.Terminate(first.Id));
            await first.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));

            Assert.Equal(0, first.ExitCode);
            Assert.False(FakeAgent.IsRunning(firstPid), "SIGTERM to the supervisor stops the agent");
            var gone = await gateway.AgentWhen(uid, a => !a.Connected(), "the API shows the agent disconnected");
            Assert.Contains("shutting down", gone.HealthText("status"));
        }

        using var second = StartSupervisor(yaml);
        try
        {
            await gateway.AgentWhen(uid, a => a.Connected() && a.Healthy(), "the next run reports as the same agent");
            Assert.NotEqual(firstPid, await agent.PidWhen(pid => pid != firstPid, "the next run starts the agent"));
        }
        finally
        {
            UnixSignals.Terminate(second.Id);
            await second.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
        }
    }

    private static string? ReadUid(FakeAgent agent)
    {
        var path = Path.Combine(agent.StorageDirectory, "instance_uid");
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }

    private static Process StartSupervisor(string yaml)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "Fleet.Supervisor.dll"), "--config", yaml },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(info)!;
        // Drain the output so the supervisor never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
