using System.Runtime.InteropServices;

namespace HazardMm.Cli;

/// <summary>
/// SIGINT (Ctrl-C), SIGTERM (what <c>timeout</c> and CI send) and SIGHUP (a closed terminal) all
/// ask the running command to stop: it ends the current case within about a second, prints the
/// summary so far with every violation found, and exits. A second signal ends the process at once.
/// </summary>
public sealed class StopSignals : IDisposable
{
    private static readonly PosixSignal[] Handled = [PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP];

    private readonly CancellationTokenSource _stop = new();
    private readonly TextWriter _error;
    private readonly PosixSignalRegistration[] _registrations;

    public StopSignals(TextWriter error)
    {
        _error = error;
        _registrations = [.. Handled.Select(signal => PosixSignalRegistration.Create(signal, OnSignal))];
    }

    public CancellationToken Token => _stop.Token;

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }

        _stop.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (_stop.IsCancellationRequested)
        {
            return; // the second signal: its default action ends the process
        }

        context.Cancel = true;
        _error.WriteLine($"hazardmm: {context.Signal}: stopping the current run and printing the summary (send it again to abort)");
        _stop.Cancel();
    }
}
