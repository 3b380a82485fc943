using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.LoadTest.Agents;
using Fleet.LoadTest.Coordination;
using Fleet.LoadTest.Metrics;
using Fleet.LoadTest.Options;

namespace Fleet.LoadTest.Push;

/// <summary>
/// Puts one new config on every agent through the management API, and times it three ways: the PUT
/// itself, PUT to the agent receiving it (from the agents' own clocks), and PUT to the API showing
/// APPLIED for the new hash (by polling the agent list).
/// </summary>
public sealed class ConfigPusher(LoadTestOptions options, ulong runId)
{
    private const int PageSize = 1000;

    public async Task<ConfigPushReport> RunAsync(IReadOnlyList<IAgentFleet> fleets, CancellationToken cancellationToken)
    {
        var agents = options.Agents;
        var putStart = new long[agents];
        var visibleAt = new long[agents];
        var accepted = new bool[agents];
        var putLatency = new LatencyHistogram();
        var deliveries = new ErrorCounts();
        using var http = new HttpClient(ServerTrust.ApiHandler(options, options.PushConcurrency))
        {
            BaseAddress = options.Api,
            Timeout = TimeSpan.FromSeconds(60),
        };
        SignIn(http, options);
        var body = ConfigBody.For(options, runId);
        string? hash = null;
        var hashKnown = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.PushTimeout);

        var firstPut = Stopwatch.GetTimestamp();
        var putsDone = false;
        var acceptedCount = 0;
        var poller = PollUntilVisibleAsync(hashKnown.Task, visibleAt, accepted, () => Volatile.Read(ref putsDone), deadline.Token);

        await Parallel.ForEachAsync(
            Enumerable.Range(0, agents),
            new ParallelOptions { MaxDegreeOfParallelism = options.PushConcurrency, CancellationToken = deadline.Token },
            async (index, token) =>
            {
                var uid = AgentIdentity.For(runId, index);
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                var started = Stopwatch.GetTimestamp();
                Volatile.Write(ref putStart[index], started);
                try
                {
                    using var response = await http.PutAsync($"api/agents/{uid:D}/config", content, token);
                    putLatency.RecordTicks(Stopwatch.GetTimestamp() - started);
                    if (!response.IsSuccessStatusCode)
                    {
                        deliveries.Add($"http:{(int)response.StatusCode}");
                        return;
                    }
                    var reply = await response.Content.ReadFromJsonAsync<SetConfigReply>(WireJson.Compact, token);
                    deliveries.Add(reply?.Delivery ?? "unreadable");
                    if (reply?.ConfigHash is { } configHash)
                    {
                        hashKnown.TrySetResult(configHash);
                        Volatile.Write(ref accepted[index], true);
                        Interlocked.Increment(ref acceptedCount);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !token.IsCancellationRequested)
                {
                    deliveries.Add(ErrorKinds.Of("put", e));
                }
            }).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var putsTotal = Stopwatch.GetElapsedTime(firstPut);
        Volatile.Write(ref putsDone, true);
        if (hashKnown.Task.IsCompleted)
        {
            hash = hashKnown.Task.Result;
        }
        else
        {
            hashKnown.TrySetCanceled(CancellationToken.None);
        }

        var (polls, pollMeanMs, applied, failed) = await poller;

        // Agents' own receipt times: Stopwatch ticks are CLOCK_MONOTONIC, one clock for every process here.
        var receipts = new List<ConfigReceipts>();
        if (hash is not null)
        {
            foreach (var fleet in fleets)
            {
                receipts.Add(await fleet.ReceiptsAsync(hash, cancellationToken));
            }
        }

        var received = new LatencyHistogram();
        var receivedCount = 0;
        long lastReceipt = 0;
        foreach (var batch in receipts)
        {
            for (var i = 0; i < batch.Indices.Length; i++)
            {
                var index = batch.Indices[i];
                if (index < agents && accepted[index] && batch.Ticks[i] >= putStart[index])
                {
                    received.RecordTicks(batch.Ticks[i] - putStart[index]);
                    receivedCount++;
                    lastReceipt = Math.Max(lastReceipt, batch.Ticks[i]);
                }
            }
        }

        var visible = new LatencyHistogram();
        long lastVisible = 0;
        var visibleCount = 0;
        for (var i = 0; i < agents; i++)
        {
            if (accepted[i] && visibleAt[i] != 0)
            {
                visible.RecordTicks(visibleAt[i] - putStart[i]);
                lastVisible = Math.Max(lastVisible, visibleAt[i]);
                visibleCount++;
            }
        }

        return new ConfigPushReport(
            agents,
            acceptedCount,
            hash,
            deliveries.Snapshot(),
            putLatency.Summarize(),
            received.Summarize(),
            visible.Summarize(),
            receivedCount,
            applied,
            failed,
            acceptedCount - visibleCount,
            putsTotal.TotalMilliseconds,
            receivedCount == acceptedCount && receivedCount > 0 ? Stopwatch.GetElapsedTime(firstPut, lastReceipt).TotalMilliseconds : null,
            visibleCount == acceptedCount && visibleCount > 0 ? Stopwatch.GetElapsedTime(firstPut, lastVisible).TotalMilliseconds : null,
            polls,
            pollMeanMs);
    }

    private async Task<(int Polls, double MeanMs, int Applied, int Failed)> PollUntilVisibleAsync(
        Task<string> hashTask, long[] visibleAt, bool[] accepted, Func<bool> putsDone, CancellationToken cancellationToken)
    {
        string hash;
        try
        {
            hash = await hashTask.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return (0, 0, 0, 0);
        }

        using var api = new HttpClient(ServerTrust.ApiHandler(options)) { BaseAddress = options.Api, Timeout = TimeSpan.FromSeconds(60) };
        SignIn(api, options);
        var polls = 0;
        var pollTime = TimeSpan.Zero;
        int applied = 0, failed = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var done = putsDone();
            var offset = 0;
            int total;
            try
            {
                do
                {
                    var started = Stopwatch.GetTimestamp();
                    var page = await api.GetFromJsonAsync<ApiAgentPage>($"api/agents?offset={offset}&limit={PageSize}", WireJson.Compact, cancellationToken);
                    var now = Stopwatch.GetTimestamp();
                    pollTime += Stopwatch.GetElapsedTime(started, now);
                    polls++;
                    if (page is null)
                    {
                        break;
                    }
                    total = page.Total;
                    foreach (var item in page.Items)
                    {
                        if (item.RemoteConfigStatus is { Hash: { } seenHash, Status: var status }
                            && seenHash == hash
                            && status is "APPLIED" or "FAILED"
                            && Guid.TryParse(item.InstanceUid, out var uid)
                            && AgentIdentity.TryIndexOf(uid, runId, out var index)
                            && index < visibleAt.Length
                            && Volatile.Read(ref accepted[index])
                            && visibleAt[index] == 0)
                        {
                            visibleAt[index] = now;
                            if (status == "APPLIED")
                            {
                                applied++;
                            }
                            else
                            {
                                failed++;
                            }
                        }
                    }
                    offset += PageSize;
                }
                while (offset < total);
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync($"polling the agent list failed: {e.Message}");
                await Task.Delay(500, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }
            catch (OperationCanceledException)
            {
                break;
            }

            if (done && AllVisible(visibleAt, accepted))
            {
                break;
            }
            await Task.Delay(50, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        return (polls, polls == 0 ? 0 : pollTime.TotalMilliseconds / polls, applied, failed);
    }

    private static bool AllVisible(long[] visibleAt, bool[] accepted)
    {
        for (var i = 0; i < visibleAt.Length; i++)
        {
            if (accepted[i] && visibleAt[i] == 0)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Signs API calls in with the operator key, when one is given.</summary>
    internal static void SignIn(HttpClient http, LoadTestOptions options)
    {
        if (options.ApiKey is { Length: > 0 } key)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }
    }
}
