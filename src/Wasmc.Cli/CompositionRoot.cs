using System.Reflection;
using McMaster.Extensions.CommandLineUtils;
using Microsoft.Extensions.DependencyInjection;
using Wasmc.Cli.Commands;
using Wasmc.Cli.Infrastructure;
using Wasmc.Cli.Services;

namespace Wasmc.Cli;

/// <summary>
/// The whole tool on one page: every service the verbs use is registered here, and nowhere else.
/// Verbs receive what they need through their constructors (McMaster's constructor injection).
/// </summary>
internal static class CompositionRoot
{
    /// <param name="environment">The process (or a test's captured streams).</param>
    /// <param name="cancellation">Tripped by Ctrl-C.</param>
    /// <param name="replace">Tests only: registrations made after these win (a fake build service, say).</param>
    public static ServiceProvider BuildServices(
        CliEnvironment environment,
        CancellationToken cancellation,
        Action<IServiceCollection>? replace = null)
    {
        var services = new ServiceCollection();

        // This invocation: streams, global options, output and the one exception-to-exit-code mapping.
        services.AddSingleton(environment);
        services.AddSingleton(new CliSession(environment, cancellation));
        services.AddSingleton<CliOutput>();
        services.AddSingleton<ErrorReporter>();

        // Bundles (containers/ shipped with the tool) and language plugins (built-in, NuGet, folders).
        services.AddSingleton<ContainersLocator>();
        services.AddSingleton<PluginCatalogProvider>();

        // Workspace manifest (wasmc.toml): locating, validating, and scaffolding new components into it.
        services.AddSingleton<WorkspaceService>();
        services.AddSingleton<ComponentScaffolder>();
        services.AddSingleton<DevContainerInitializer>();

        // Build (Wasmc.Core.Building) and test (Wasmc.Core.Testing).
        services.AddSingleton<IBuildService, BuildService>();
        services.AddSingleton<ITestService, TestService>();

        // Run (Wasmc.Core.Components: Wasmtime in this process).
        services.AddSingleton<IRunService, RunService>();

        replace?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static CommandLineApplication<RootCommand> CreateApplication(IServiceProvider services)
    {
        var environment = services.GetRequiredService<CliEnvironment>();
        var app = new CommandLineApplication<RootCommand>(new HelpTextGenerator(), new McMasterConsole(environment), environment.WorkingDirectory, throwOnUnexpectedArg: true);
        app.Conventions.UseDefaultConventions().UseConstructorInjection(services);

        var verbosity = app.Option(
            "-v|--verbosity <LEVEL>",
            "Output detail: quiet, normal (default), detailed or diagnostic (adds stack traces to errors).",
            CommandOptionType.SingleValue,
            inherited: true);
        var workspace = app.Option(
            "--workspace <DIR>",
            "Workspace folder holding wasmc.toml (default: the nearest one above the current folder).",
            CommandOptionType.SingleValue,
            inherited: true);
        services.GetRequiredService<CliSession>().BindGlobalOptions(verbosity, workspace);

        // '--version' is RootCommand's own option: it prints the bare version, for scripts.
        app.ShortVersionGetter = InformationalVersion;

        var session = services.GetRequiredService<CliSession>();
        var reporter = services.GetRequiredService<ErrorReporter>();
        foreach (var command in SelfAndDescendants(app))
        {
            // A bad '-v' value is a usage error before any verb runs.
            command.OnParsingComplete(_ => session.Verbosity.ToString());
            command.ValidationErrorHandler = result => reporter.Report(
                new BadInputException(result.ErrorMessage ?? "invalid arguments"));
        }

        return app;
    }

    public static string InformationalVersion() =>
        typeof(CompositionRoot).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(CompositionRoot).Assembly.GetName().Version?.ToString()
        ?? "0.0.0";

    private static IEnumerable<CommandLineApplication> SelfAndDescendants(CommandLineApplication command) =>
        command.Commands.SelectMany(SelfAndDescendants).Prepend(command);
}
