namespace Fleet.Supervisor.Agent;

/// <summary>How an agent process ended: its exit code and the last lines it wrote to stderr.</summary>
internal sealed record AgentExit(int ExitCode, string ErrorOutput)
{
    public string Describe() => ErrorOutput.Length > 0 ? $"exited with code {ExitCode}: {ErrorOutput}" : $"exited with code {ExitCode}";
}
