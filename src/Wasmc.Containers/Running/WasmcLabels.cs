namespace Wasmc.Containers.Running;

/// <summary>Labels on every container wasmc starts, so leftovers of crashed runs can be found.</summary>
public static class WasmcLabels
{
    /// <summary><c>true</c> on everything wasmc manages.</summary>
    public const string Managed = "wasmc.managed";

    /// <summary>The build session (a GUID) that owns the container.</summary>
    public const string Session = "wasmc.session";

    public const string Bundle = "wasmc.bundle";

    public const string Toolchain = "wasmc.toolchain";

    /// <summary>Process id of the wasmc process that owns the session.</summary>
    public const string ProcessId = "wasmc.pid";

    /// <summary>Start time of that process (Unix ms), so a reused pid is not mistaken for a live session.</summary>
    public const string ProcessStart = "wasmc.pid-start";

    /// <summary>Machine name of that process; sessions of other machines are never judged dead.</summary>
    public const string Host = "wasmc.host";

    /// <summary>On cache volumes: the <c>uid:gid</c> the volume was prepared for.</summary>
    public const string Owner = "wasmc.owner";
}
