using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Interop;

/// <summary>
/// Agents simulated by tests/interop/agents.mjs with the third-party npm @elastic/opamp-client-node.
/// The test command installs its node_modules (npm ci).
/// </summary>
public sealed class NodeAgents : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<JsonElement> _events = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private NodeAgents(Process process) => _process = process;

    /// <param name="bearer">An enrollment token sent as Authorization: Bearer on every request.</param>
    public static NodeAgents Start(Uri endpoint, int count, string? bearer = null)
    {
        var folder = Path.Combine(RepositoryRoot.Path, "tests", "interop");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "@elastic", "opamp-client-node")))
        {
            Assert.Fail($"npm packages missing in {folder}: run the test command (scripts/test.sh), which runs npm ci there.");
        }
        List<string> arguments = ["agents.mjs", "--url", endpoint.ToString(), "--count", count.ToString(), "--heartbeat-seconds", "0.5"];
        if (bearer is not null)
        {
            arguments.AddRange(["--bearer", bearer]);
        }
        var info = new ProcessStartInfo("node", arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true, // the script stops when its stdin closes
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("node did not start");
        var agents = new NodeAgents(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line && line.StartsWith('{'))
            {
                agents._events.Enqueue(JsonDocument.Parse(line).RootElement.Clone());
            }
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { agents._stderr.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return agents;
    }

    public IEnumerable<JsonElement> Events(string name) => _events.Where(e => e.GetProperty("event").GetString() == name);

    public string Diagnostics => string.Join('\n', _stderr.TakeLast(20));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
    }
}
