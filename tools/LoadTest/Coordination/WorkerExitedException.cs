namespace Fleet.LoadTest.Coordination;

/// <summary>A worker process ended before it sent its final report: its agents are missing from the run.</summary>
public sealed class WorkerExitedException(string message) : Exception(message);
