namespace Fleet.LoadTest.Coordination;

/// <summary>What a parent writes on a worker's stdin, one per line.</summary>
public static class WorkerCommands
{
    public const string Start = "start";
    public const string HoldOn = "hold on";
    public const string HoldOff = "hold off";

    /// <summary>Followed by a space and the config hash in hex.</summary>
    public const string Receipts = "receipts";

    public const string Stop = "stop";
}
