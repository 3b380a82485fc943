using System.Runtime.InteropServices;

namespace Fleet.Supervisor;

/// <summary>
/// Cancelled on the first SIGTERM or SIGINT (Ctrl-C), which then does not end the process: the
/// supervisor stops its agent and disconnects. A second signal ends the process at once.
/// </summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _requested = new();
    private readonly PosixSignalRegistration[] _registrations;

    public ShutdownSignal() =>
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal)];

    public CancellationToken Token => _requested.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
        _requested.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (_requested.IsCancellationRequested)
        {
            return;
        }
        context.Cancel = true;
        _requested.Cancel();
    }
}
