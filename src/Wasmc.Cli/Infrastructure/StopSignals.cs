using System.Runtime.InteropServices;

namespace Wasmc.Cli.Infrastructure;

/// <summary>
/// Ctrl-C, SIGTERM and SIGHUP all stop wasmc the same way the first time: the invocation's cancellation token trips,
/// running steps are stopped (their containers removed, host processes killed), staging folders are deleted, and the
/// process exits with 128 + the signal (130, 143, 129). A second signal ends the process at once.
/// </summary>
internal static class StopSignals
{
    private static int _exitCode = ExitCodes.Canceled;

    /// <summary>The exit code of a cancelled run: that of the first signal received (130 when none was).</summary>
    public static int ExitCode => Volatile.Read(ref _exitCode);

    /// <summary>Cancels <paramref name="cancellation"/> on the first Ctrl-C, SIGTERM or SIGHUP; dispose to stop listening.</summary>
    public static IDisposable Listen(CancellationTokenSource cancellation)
    {
        bool First(int exitCode)
        {
            lock (cancellation)
            {
                if (cancellation.IsCancellationRequested)
                {
                    return false;
                }

                Volatile.Write(ref _exitCode, exitCode);
                cancellation.Cancel();
                return true;
            }
        }

        ConsoleCancelEventHandler ctrlC = (_, e) => e.Cancel = First(ExitCodes.Canceled);
        Console.CancelKeyPress += ctrlC;
        var registrations = new List<IDisposable>();
        if (!OperatingSystem.IsWindows())
        {
            registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => context.Cancel = First(ExitCodes.Terminated)));
            registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGHUP, context => context.Cancel = First(ExitCodes.HungUp)));
        }

        return new Listening(() =>
        {
            Console.CancelKeyPress -= ctrlC;
            registrations.ForEach(registration => registration.Dispose());
        });
    }

    private sealed class Listening(Action stop) : IDisposable
    {
        public void Dispose() => stop();
    }
}
