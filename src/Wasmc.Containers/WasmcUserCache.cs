namespace Wasmc.Containers;

/// <summary>The user's wasmc cache folder: <c>$XDG_CACHE_HOME/wasmc</c>, or <c>~/.cache/wasmc</c> (XDG base directories).</summary>
public static class WasmcUserCache
{
    /// <summary>The folder, from this process's environment.</summary>
    public static string Folder => FolderFor(Environment.GetEnvironmentVariable("XDG_CACHE_HOME"));

    /// <summary>The folder for a given <c>XDG_CACHE_HOME</c> (unset or empty: <c>~/.cache</c>).</summary>
    public static string FolderFor(string? xdgCacheHome) => Path.Combine(
        string.IsNullOrEmpty(xdgCacheHome) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache") : xdgCacheHome,
        "wasmc");
}
