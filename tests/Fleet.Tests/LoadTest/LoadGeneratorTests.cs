using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.LoadTest;

/// <summary>The load generator (tools/LoadTest, the built program) against a real gateway: its report must tell the truth.</summary>
public class LoadGeneratorTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Run_WebSocketAgentsWithPerAgentPush_EveryAgentConnectsReceivesAndApplies()
    {
        var report = await Run(
            "--agents", "30", "--url", gateway.WebSocketEndpoint.ToString(), "--api", gateway.Api.BaseAddress!.ToString(),
            "--duration", "2s", "--settle", "1s", "--push-config", "--push-timeout", "60s");

        Assert.Equal(30, report.GetProperty("connect").GetProperty("firstReplies").GetInt32());
        Assert.Equal(0, report.GetProperty("errorsTotal").GetInt64());
        Assert.True(report.GetProperty("heartbeat").GetProperty("count").GetInt64() > 0, "heartbeats were timed while holding");
        var push = report.GetProperty("configPush");
        Assert.Equal(30, push.GetProperty("appliedCount").GetInt32());
        Assert.Equal(30, push.GetProperty("receivedCount").GetInt32());
        Assert.Equal(JsonValueKind.Number, push.GetProperty("allVisibleMs").ValueKind);
    }

    [Fact]
    public async Task Run_WebSocketAgentsWithProfilePush_RolloutReachesExactlyTheRunsAgents()
    {
        var report = await Run(
            "--agents", "30", "--url", gateway.WebSocketEndpoint.ToString(), "--api", gateway.Api.BaseAddress!.ToString(),
            "--duration", "1s", "--settle", "1s", "--push-profile", "loadtest-ws", "--push-timeout", "60s");

        Assert.Equal(0, report.GetProperty("errorsTotal").GetInt64());
        var profile = report.GetProperty("profilePush");
        Assert.Equal(30, profile.GetProperty("targets").GetInt32());
        Assert.Equal(30, profile.GetProperty("appliedCount").GetInt32());
        Assert.Equal(30, profile.GetProperty("receivedCount").GetInt32());
        Assert.Equal(JsonValueKind.Number, profile.GetProperty("allSettledMs").ValueKind);
        // The server's own completion time comes before the API poll that saw it.
        Assert.InRange(profile.GetProperty("serverCompletedMs").GetDouble(), 0, profile.GetProperty("allSettledMs").GetDouble());

        // The rollout reached exactly the run's agents, and the API agrees with the report.
        var rollout = (await gateway.Api.GetFromJsonAsync<JsonElement>("/api/profiles/loadtest-ws")).GetProperty("rollout");
        Assert.Equal("completed", rollout.GetProperty("state").GetString());
        Assert.Equal(30, rollout.GetProperty("applied").GetInt32());
    }

    [Fact]
    public async Task Run_HttpAgentsOverTwoWorkersWithFailures_FailuresReportedAsFailed()
    {
        var report = await Run(
            "--agents", "20", "--transport", "http", "--workers", "2", "--url", gateway.HttpEndpoint.ToString(),
            "--api", gateway.Api.BaseAddress!.ToString(), "--heartbeat", "1s", "--ignore-heartbeat-offer",
            "--duration", "2s", "--settle", "1s", "--fail-fraction", "0.5", "--push-profile", "loadtest-http", "--push-timeout", "60s");

        Assert.Equal(20, report.GetProperty("connect").GetProperty("firstReplies").GetInt32());
        Assert.Equal(2, report.GetProperty("scenario").GetProperty("workers").GetInt32());
        var profile = report.GetProperty("profilePush");
        Assert.Equal(20, profile.GetProperty("appliedCount").GetInt32() + profile.GetProperty("failedCount").GetInt32());
        Assert.InRange(profile.GetProperty("failedCount").GetInt32(), 1, 19);
    }

    [Fact]
    public async Task Run_WorkerKilledWhileHolding_ReportsTheOtherWorkersAgents()
    {
        var report = await Run(
            ["--agents", "20", "--workers", "2", "--url", gateway.WebSocketEndpoint.ToString(), "--duration", "6s", "--settle", "1s"],
            whileHolding: coordinator =>
            {
                // The workers are this process's children ("dotnet Fleet.LoadTest.dll --worker …").
                var children = File.ReadAllText($"/proc/{coordinator.Id}/task/{coordinator.Id}/children")
                    .Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
                Assert.Equal(2, children.Count);
                using var worker = Process.GetProcessById(children[0]);
                worker.Kill();
            },
            expectInErrors: "going on|missing from the totals");

        Assert.Equal(10, report.GetProperty("connect").GetProperty("firstReplies").GetInt32());
    }

    [Fact]
    public async Task Run_ApiUnreachableForProfilePush_PushErrorReportedWithTheRest()
    {
        var closedPort = FreePorts.Take(1)[0];
        var report = await Run(
            ["--agents", "5", "--url", gateway.WebSocketEndpoint.ToString(), "--api", $"http://127.0.0.1:{closedPort}",
             "--duration", "1s", "--settle", "1s", "--push-profile", "unreachable", "--push-timeout", "10s"],
            whileHolding: null,
            expectInErrors: "push-profile failed");

        Assert.Equal(5, report.GetProperty("connect").GetProperty("firstReplies").GetInt32());
        Assert.Equal(1, report.GetProperty("errors").GetProperty("push-profile:ConnectionRefused").GetInt64());
        Assert.False(report.TryGetProperty("profilePush", out var profile) && profile.ValueKind != JsonValueKind.Null, "no rollout was measured");
    }

    [Fact]
    public async Task Run_ServerPidFileRewrittenWhileHolding_ReportFollowsTheNewProcess()
    {
        // The test process stands for the server before its restart, a sleep for the one after it.
        var pidFile = Path.Combine(Path.GetTempPath(), $"fleet-loadtest-{Guid.NewGuid():N}.pid");
        File.WriteAllText(pidFile, $"{Environment.ProcessId}\n");
        using var replacement = Process.Start("sleep", "120");
        try
        {
            var report = await Run(
                ["--agents", "5", "--url", gateway.WebSocketEndpoint.ToString(), "--duration", "2s", "--settle", "1s", "--server-pid-file", pidFile],
                whileHolding: _ => File.WriteAllText(pidFile, $"{replacement.Id}\n"),
                expectInErrors: null);

            var server = report.GetProperty("server");
            Assert.Equal(Environment.ProcessId, server.GetProperty("before").GetProperty("pids")[0].GetInt32());
            Assert.Equal(replacement.Id, server.GetProperty("end").GetProperty("pids")[0].GetInt32());
            Assert.True(server.GetProperty("end").GetProperty("complete").GetBoolean());
            // CPU up to the restart is the old process' own; across it there is no honest difference.
            Assert.Equal(JsonValueKind.Number, server.GetProperty("cpuSecondsConnecting").ValueKind);
            Assert.True(!server.TryGetProperty("cpuSecondsTotal", out var total) || total.ValueKind == JsonValueKind.Null, $"cpuSecondsTotal across a restart: {total}");
        }
        finally
        {
            replacement.Kill();
            File.Delete(pidFile);
        }
    }

    private static Task<JsonElement> Run(params string[] args) => Run(args, whileHolding: null, expectInErrors: null);

    /// <param name="whileHolding">Done to the running generator once it holds its agents.</param>
    /// <param name="expectInErrors">A regular expression its stderr must match.</param>
    private static async Task<JsonElement> Run(string[] args, Action<Process>? whileHolding, string? expectInErrors)
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/") ? "Release" : "Debug";
        var dll = Path.Combine(RepositoryRoot.Path, "tools", "LoadTest", "bin", configuration, "net10.0", "Fleet.LoadTest.dll");
        var info = new ProcessStartInfo("dotnet", [dll, .. args, "--json"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = new Process { StartInfo = info };
        var errors = new System.Text.StringBuilder();
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
            if (e.Data?.Contains(" hold ", StringComparison.Ordinal) == true)
            {
                holding.TrySetResult();
            }
        };
        process.Start();
        process.BeginErrorReadLine();
        var output = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            if (whileHolding is not null)
            {
                await holding.Task.WaitAsync(timeout.Token);
                whileHolding(process);
            }
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        string stderr;
        lock (errors)
        {
            stderr = errors.ToString();
        }
        Assert.True(process.ExitCode == 0, $"the load generator exited {process.ExitCode}:\n{stderr}");
        if (expectInErrors is not null)
        {
            Assert.Matches(expectInErrors, stderr);
        }
        return JsonDocument.Parse(await output).RootElement.Clone();
    }
}
