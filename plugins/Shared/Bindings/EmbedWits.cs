using Wasmc.Plugins.Abstractions;
using Wasmc.Wit;

namespace Wasmc.Plugins.Shared;

/// <summary>Chooses the <see cref="EmbedWit"/> of a build (plugins that walk WIT; the JS plugin does not compile this).</summary>
internal static class EmbedWits
{
    /// <summary>The WIT to embed for <paramref name="request"/>; the component's own when it needs nothing shipped.</summary>
    /// <exception cref="WasmcPluginException">The WIT is invalid.</exception>
    public static EmbedWit For(BuildRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var own = new EmbedWit(PlanSupport.WitPath(request), null);
        var host = ComponentWorld.WitPath(request);
        if (host is null || (!Directory.Exists(host) && !File.Exists(host)))
        {
            return own;
        }

        LoadedPackage loaded;
        try
        {
            loaded = WitLoader.Load(host);
        }
        catch (WitException e)
        {
            throw new WasmcPluginException(e.Message, e);
        }

        var usesShipped = loaded.Resolve.Packages.Any(p => p.SourcePaths.Any(s => s.StartsWith(ShippedWit.SourcePrefix, StringComparison.Ordinal)));
        if (!usesShipped)
        {
            return own;
        }

        var staged = PlanSupport.Join(request.Paths.Scratch, $"wasmc/wit/{request.Component.Name}.wit");
        return new EmbedWit(staged, new PlanFile(staged, WitPrinter.PrintAll(loaded.Resolve, loaded.PackageId)));
    }
}
