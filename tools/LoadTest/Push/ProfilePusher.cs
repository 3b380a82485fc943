using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.LoadTest.Agents;
using Fleet.LoadTest.Coordination;
using Fleet.LoadTest.Metrics;
using Fleet.LoadTest.Options;

namespace Fleet.LoadTest.Push;

/// <summary>
/// Pushes one new config to every agent of the run the way operators roll out at scale: a profile
/// selecting this run's agents (<c>loadtest.run=…</c>), rolled out in one batch, then one published
/// version. Timed from the publish to each agent receiving it (agents' clocks) and to the rollout
/// counting every agent APPLIED (or FAILED), polled every 50 ms.
/// </summary>
public sealed class ProfilePusher(LoadTestOptions options, ulong runId)
{
    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(5);

    public async Task<ProfilePushReport> RunAsync(string profile, IReadOnlyList<IAgentFleet> fleets, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(ServerTrust.ApiHandler(options)) { BaseAddress = options.Api, Timeout = TimeSpan.FromSeconds(60) };
        ConfigPusher.SignIn(http, options);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.PushTimeout);

        var agents = options.Agents;
        var definition = new
        {
            selector = $"{AgentProfile.RunAttribute}={runId.ToString("x12", CultureInfo.InvariantCulture)}",
            priority = 100,
            rollout = new { initialBatch = agents, growthFactor = 1, maxBatch = agents, failureThreshold = 1.0 },
        };
        using (var defined = await http.PutAsJsonAsync($"api/profiles/{profile}", definition, deadline.Token))
        {
            defined.EnsureSuccessStatusCode();
        }

        var published = Stopwatch.GetTimestamp();
        using var content = new ByteArrayContent(ConfigBody.For(options, runId));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync($"api/profiles/{profile}/versions", content, deadline.Token);
        var publishMs = Stopwatch.GetElapsedTime(published).TotalMilliseconds;
        response.EnsureSuccessStatusCode();
        using var version = JsonDocument.Parse(await response.Content.ReadAsStringAsync(deadline.Token));
        var number = version.RootElement.GetProperty("version").GetInt32();
        var hash = version.RootElement.GetProperty("configHash").GetString()!;

        // The rollout as the API shows it, until every target is APPLIED or FAILED.
        var polls = 0;
        var pollTime = TimeSpan.Zero;
        double? allSettledMs = null;
        double? serverCompletedMs = null;
        int targets = 0, applied = 0, failed = 0;
        string state = "unknown";
        while (!deadline.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            JsonElement rollout;
            try
            {
                using var info = JsonDocument.Parse(await http.GetStringAsync($"api/profiles/{profile}", deadline.Token));
                rollout = info.RootElement.GetProperty("rollout").Clone();
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException && !deadline.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync($"polling the profile failed: {e.Message}");
                await Task.Delay(500, deadline.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }
            catch (OperationCanceledException)
            {
                break;
            }
            var now = Stopwatch.GetTimestamp();
            pollTime += Stopwatch.GetElapsedTime(started, now);
            polls++;
            if (rollout.ValueKind == JsonValueKind.Object && rollout.GetProperty("version").GetInt32() == number)
            {
                (targets, applied, failed) = (rollout.GetProperty("targets").GetInt32(), rollout.GetProperty("applied").GetInt32(), rollout.GetProperty("failed").GetInt32());
                state = rollout.GetProperty("state").GetString() ?? "unknown";
                if (rollout.TryGetProperty("completedAt", out var completedAt) && completedAt.ValueKind == JsonValueKind.String)
                {
                    // The server's own account, free of the API polls' lag under load.
                    serverCompletedMs = (completedAt.GetDateTimeOffset() - rollout.GetProperty("startedAt").GetDateTimeOffset()).TotalMilliseconds;
                }
                var sincePublished = Stopwatch.GetElapsedTime(published, now).TotalMilliseconds;
                // Completed with some agents offline or overridden still ends the wait (applied + failed < targets then).
                var closed = state is "completed" or "paused" or "rolledBack";
                if (closed || targets > 0 && applied + failed >= targets)
                {
                    allSettledMs ??= sincePublished;
                }
                // Every agent settled: a moment more for the server to close the rollout and stamp its
                // own completion time (the counts can be seen a poll before the state changes).
                if (closed || sincePublished - allSettledMs > CloseWait.TotalMilliseconds)
                {
                    break;
                }
            }
            await Task.Delay(50, deadline.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        var received = new LatencyHistogram();
        var receivedCount = 0;
        long lastReceipt = 0;
        foreach (var fleet in fleets)
        {
            var batch = await fleet.ReceiptsAsync(hash, cancellationToken);
            for (var i = 0; i < batch.Indices.Length; i++)
            {
                if (batch.Ticks[i] >= published)
                {
                    received.RecordTicks(batch.Ticks[i] - published);
                    receivedCount++;
                    lastReceipt = Math.Max(lastReceipt, batch.Ticks[i]);
                }
            }
        }

        return new ProfilePushReport(
            profile, number, hash, agents, targets, publishMs,
            received.Summarize(), receivedCount,
            receivedCount == agents ? Stopwatch.GetElapsedTime(published, lastReceipt).TotalMilliseconds : null,
            applied, failed, state, allSettledMs, serverCompletedMs,
            polls, polls == 0 ? 0 : pollTime.TotalMilliseconds / polls);
    }
}
