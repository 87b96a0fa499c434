using Microsoft.Extensions.DependencyInjection;
using Wasmc.Cli.Infrastructure;

namespace Wasmc.Cli;

/// <summary>Runs one invocation of the tool: compose, parse, execute, and turn any failure into an exit code.</summary>
internal static class CliHost
{
    public static int Run(
        string[] args,
        CliEnvironment environment,
        CancellationToken cancellation,
        Action<IServiceCollection>? replaceServices = null)
    {
        using var services = CompositionRoot.BuildServices(environment, cancellation, replaceServices);
        var reporter = services.GetRequiredService<ErrorReporter>();
        try
        {
            using var app = CompositionRoot.CreateApplication(services);
            return app.Execute(args);
        }
#pragma warning disable CA1031 // The top of the tool: every failure becomes a message and an exit code.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return reporter.Report(Unwrap(exception));
        }
        finally
        {
            environment.Out.Flush();
            environment.Error.Flush();
        }
    }

    private static Exception Unwrap(Exception exception) => exception switch
    {
        AggregateException { InnerExceptions.Count: 1 } aggregate => Unwrap(aggregate.InnerExceptions[0]),
        System.Reflection.TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
        _ => exception,
    };
}
