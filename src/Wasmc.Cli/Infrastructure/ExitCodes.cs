namespace Wasmc.Cli.Infrastructure;

/// <summary>The process exit codes of <c>dotnet wasmc</c>; <c>docs/cli.md</c> documents the same table.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A build or a test failed (the user's code, not wasmc's input).</summary>
    public const int Failure = 1;

    /// <summary>Bad input or usage: unknown verb or option, invalid manifest, invalid WIT, unknown bundle.</summary>
    public const int BadInput = 2;

    /// <summary>The environment is not ready: Docker unreachable, image missing, SDK missing.</summary>
    public const int Environment = 3;

    /// <summary>Interrupted with Ctrl-C (128 + SIGINT, as shells report it).</summary>
    public const int Canceled = 130;

    /// <summary>Stopped by SIGTERM (128 + 15), after the same clean stop as Ctrl-C.</summary>
    public const int Terminated = 143;

    /// <summary>Stopped by SIGHUP (128 + 1), after the same clean stop as Ctrl-C.</summary>
    public const int HungUp = 129;
}
