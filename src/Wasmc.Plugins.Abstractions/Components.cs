namespace Wasmc.Plugins.Abstractions;

/// <summary>WASI level a component targets.</summary>
public enum WasiLevel
{
    /// <summary>WASI 0.2 ("preview2").</summary>
    Preview2,

    /// <summary>WASI 0.3 ("preview3", async).</summary>
    Preview3,
}

/// <summary>A folder that may hold a component.</summary>
/// <param name="Path">Absolute path of the folder on the host.</param>
public sealed record ComponentFolder(string Path)
{
    /// <summary>Whether a file exists at <paramref name="relativePath"/> inside the folder.</summary>
    public bool HasFile(string relativePath) => File.Exists(System.IO.Path.Combine(Path, relativePath));
}

/// <summary>A template offered by <c>wasmc new</c>.</summary>
/// <param name="Id">Template id (<c>library</c>, <c>command</c>).</param>
/// <param name="Description">One line shown in help.</param>
public sealed record ComponentTemplate(string Id, string Description);

/// <summary>What <c>wasmc new</c> asks a plugin to create.</summary>
/// <param name="ComponentName">The component name (kebab-case, also used as WIT package name part).</param>
/// <param name="TemplateId">The chosen template id.</param>
/// <param name="Wasi">The WASI level the component targets.</param>
public sealed record ScaffoldRequest(string ComponentName, string TemplateId, WasiLevel Wasi);

/// <summary>A file produced by scaffolding.</summary>
/// <param name="RelativePath">Path relative to the component folder, with <c>/</c> separators.</param>
/// <param name="Contents">The file's text.</param>
public sealed record ScaffoldFile(string RelativePath, string Contents);

/// <summary>The result of scaffolding: files plus the manifest entry the host adds to <c>wasmc.toml</c>.</summary>
/// <param name="Files">Files to write, relative to the component folder.</param>
/// <param name="World">The world the component implements.</param>
/// <param name="WitPath">The WIT folder, relative to the component folder.</param>
public sealed record ScaffoldResult(IReadOnlyList<ScaffoldFile> Files, string World, string WitPath);

/// <summary>How WASI levels are spelt everywhere wasmc reads or prints them: <c>wasmc.toml</c>, bundle files, the command line.</summary>
public static class WasiLevels
{
    /// <summary>Every spelling, in order: <c>preview2</c>, <c>preview3</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["preview2", "preview3"];

    /// <summary>The spelling of <paramref name="level"/> (<c>preview2</c>).</summary>
    public static string Name(WasiLevel level) => level switch
    {
        WasiLevel.Preview2 => "preview2",
        WasiLevel.Preview3 => "preview3",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
    };

    /// <summary>The short form used for bundle instance names (<c>p2</c>, <c>p3</c>).</summary>
    public static string ShortName(WasiLevel level) => level == WasiLevel.Preview3 ? "p3" : "p2";

    /// <summary>Reads a spelling from <see cref="Names"/>.</summary>
    public static bool TryParse(string text, out WasiLevel level)
    {
        switch (text)
        {
            case "preview2":
                level = WasiLevel.Preview2;
                return true;
            case "preview3":
                level = WasiLevel.Preview3;
                return true;
            default:
                level = default;
                return false;
        }
    }
}
