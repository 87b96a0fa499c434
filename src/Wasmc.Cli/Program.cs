using Wasmc.Cli;
using Wasmc.Cli.Infrastructure;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl-C asks running work to stop cleanly; a second one ends the process.
    if (!cancellation.IsCancellationRequested)
    {
        e.Cancel = true;
        cancellation.Cancel();
    }
};

return CliHost.Run(args, CliEnvironment.FromProcess(), cancellation.Token);
