using Wasmc.Bindings;
using Wasmc.Plugins.Abstractions;
using Wasmc.Wit;

namespace Wasmc.Plugins.Shared;

/// <summary>The component's world as the bindings generators (Rust, C/C++, Go) walk it.</summary>
internal static class ComponentWorld
{
    /// <summary>The component's WIT on the host (a file or a folder); null when the plan is made without the component's files.</summary>
    public static string? WitPath(BuildRequest request) =>
        request.Folder is null ? null : Path.GetFullPath(Path.Combine(request.Folder.Path, request.Component.WitPath));

    /// <summary>
    /// The component's world, walked for bindings; null when the plan is made without the component's files (plan tests)
    /// or the component has no WIT yet, as then there is nothing to generate from.
    /// </summary>
    /// <exception cref="WasmcPluginException">The WIT is invalid or has no such world.</exception>
    public static BindingsWorld? Load(BuildRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var wit = WitPath(request);
        if (wit is null || (!Directory.Exists(wit) && !File.Exists(wit)))
        {
            return null;
        }

        try
        {
            return BindingsWorld.Load(wit, request.Component.World);
        }
        catch (WitException e)
        {
            throw new WasmcPluginException(e.Message, e);
        }
    }
}
