using Wasmc.Containers.Bundles;

namespace Wasmc.Containers.DevContainers;

/// <summary>What <c>WASMC_RUNNER</c> asks for.</summary>
public enum RunnerMode
{
    /// <summary>Unset: toolchains this container holds run here, the others in Docker.</summary>
    Auto,

    /// <summary><c>docker</c>: every step in Docker, even a toolchain this container holds.</summary>
    Docker,

    /// <summary><c>host</c>: every step here, with the tools on PATH (no check that they are the bundle's).</summary>
    Host,
}

/// <summary>Where a toolchain's steps run.</summary>
public enum StepPlace
{
    /// <summary>In a hardened toolchain container through the Docker engine.</summary>
    Docker,

    /// <summary>Directly in this machine or container, with its own tools.</summary>
    Here,
}

/// <summary>Decides, per bundle toolchain, whether steps run here or in Docker (<c>WASMC_RUNNER</c> overrides).</summary>
public static class RunnerSelection
{
    /// <summary>The override: <c>docker</c> or <c>host</c>; unset (or <c>auto</c>) decides per toolchain.</summary>
    public const string Variable = "WASMC_RUNNER";

    /// <summary>Reads <see cref="Variable"/>'s value.</summary>
    /// <exception cref="ArgumentException">Not a runner; the message lists the values.</exception>
    public static RunnerMode ParseMode(string? value) => value switch
    {
        null or "" or "auto" => RunnerMode.Auto,
        "docker" => RunnerMode.Docker,
        "host" => RunnerMode.Host,
        _ => throw new ArgumentException($"{Variable}={value} is not a runner: use 'docker', 'host' or 'auto' (the default: toolchains this dev container holds run here, the others in Docker)"),
    };

    /// <summary>Where the steps of <paramref name="toolchain"/> run.</summary>
    public static StepPlace PlaceOf(Workplace workplace, RunnerMode mode, BundleToolchain toolchain)
    {
        ArgumentNullException.ThrowIfNull(workplace);
        ArgumentNullException.ThrowIfNull(toolchain);
        return mode switch
        {
            RunnerMode.Docker => StepPlace.Docker,
            RunnerMode.Host => StepPlace.Here,
            _ => workplace.LocalToolchainFor(toolchain) is null ? StepPlace.Docker : StepPlace.Here,
        };
    }
}
