namespace Fleet.LoadTest.Coordination;

/// <summary>A set of agents the coordinator drives: in this process, or in a child process.</summary>
public interface IAgentFleet : IAsyncDisposable
{
    int Agents { get; }

    /// <summary>Completes once the fleet can start (a child has loaded and built its agents).</summary>
    Task Ready { get; }

    /// <summary>Milliseconds from start until all of the fleet's agents had their first reply.</summary>
    Task<double> AllConnected { get; }

    /// <summary>The fleet is gone without its final report (its worker process died).</summary>
    bool Lost { get; }

    void Start();

    void SetHolding(bool holding);

    /// <summary>Progress reports gathered since the last call.</summary>
    IReadOnlyList<ProgressReport> DrainProgress();

    Task<ConfigReceipts> ReceiptsAsync(string hashHex, CancellationToken cancellationToken);

    Task<HostResult> StopAsync(CancellationToken cancellationToken);
}
