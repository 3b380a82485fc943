namespace Fleet.LoadTest.Coordination;

/// <summary>One line a worker writes on stdout for its parent: exactly one of the payloads is set.</summary>
public sealed record WorkerLine(
    string Kind,
    ProgressReport? Progress = null,
    double? AllConnectedMs = null,
    ConfigReceipts? Receipts = null,
    HostResult? Result = null)
{
    public const string Ready = "ready";
    public const string ProgressKind = "progress";
    public const string Connected = "connected";
    public const string ReceiptsKind = "receipts";
    public const string ResultKind = "result";
}
