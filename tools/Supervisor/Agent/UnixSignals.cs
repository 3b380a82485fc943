using System.Runtime.InteropServices;

namespace Fleet.Supervisor.Agent;

/// <summary>Sends POSIX signals to other processes (.NET can only SIGKILL them).</summary>
public static partial class UnixSignals
{
    private const int SigTerm = 15;

    /// <summary>Asks a process to stop (SIGTERM). False when it is already gone or not signalable.</summary>
    public static bool Terminate(int processId) => !OperatingSystem.IsWindows() && Kill(processId, SigTerm) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int processId, int signal);
}
