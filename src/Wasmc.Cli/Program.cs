using Wasmc.Cli;
using Wasmc.Cli.Infrastructure;

using var cancellation = new CancellationTokenSource();
// The first Ctrl-C, SIGTERM or SIGHUP asks running work to stop cleanly; a second one ends the process.
using var signals = StopSignals.Listen(cancellation);

return CliHost.Run(args, CliEnvironment.FromProcess(), cancellation.Token);
