using Fleet.LoadTest.Agents;

namespace Fleet.LoadTest.Coordination;

/// <summary>Agents in this very process.</summary>
public sealed class LocalFleet(AgentHost host) : IAgentFleet
{
    public int Agents => host.Count;

    public Task Ready => Task.CompletedTask;

    public Task<double> AllConnected => host.Metrics.AllConnected;

    public bool Lost => false;

    public void Start() => host.Start();

    public void SetHolding(bool holding) => host.Metrics.Holding = holding;

    public IReadOnlyList<ProgressReport> DrainProgress() => [host.TakeProgress()];

    public Task<ConfigReceipts> ReceiptsAsync(string hashHex, CancellationToken cancellationToken) =>
        Task.FromResult(host.Receipts(hashHex));

    public Task<HostResult> StopAsync(CancellationToken cancellationToken) => host.StopAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
