using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wasmc.Core.Plugins.Internal;
using Wasmc.Plugins.Abstractions;

namespace Wasmc.Core.Plugins;

/// <summary>
/// The language plugins available to this run of wasmc: the built-in ones, then third-party plugins
/// from NuGet packages or folders, each third-party plugin in its own <see cref="System.Runtime.Loader.AssemblyLoadContext"/>.
/// Loading never throws for a bad plugin: it becomes a <see cref="PluginWarning"/> and the rest works.
/// </summary>
public sealed partial class PluginCatalog
{
    /// <summary>The <see cref="PluginListing.Source"/> of plugins that ship with wasmc.</summary>
    public const string BuiltInSource = "built-in";

    private readonly Dictionary<string, LoadedPlugin> _byLanguage;

    private PluginCatalog(IReadOnlyList<LoadedPlugin> plugins, IReadOnlyList<PluginWarning> warnings)
    {
        Loaded = plugins;
        Warnings = warnings;
        _byLanguage = plugins.ToDictionary(p => p.Plugin.LanguageId, StringComparer.Ordinal);
    }

    /// <summary>Every loaded plugin, built-in first, in load order.</summary>
    public IReadOnlyList<LoadedPlugin> Loaded { get; }

    /// <summary>The plugins themselves, in load order.</summary>
    public IEnumerable<ILanguagePlugin> Plugins => Loaded.Select(p => p.Plugin);

    /// <summary>What <c>wasmc plugins list</c> prints.</summary>
    public IReadOnlyList<PluginListing> Listings => Loaded.Select(p => p.Listing).ToList();

    /// <summary>Plugins that could not be loaded, and why.</summary>
    public IReadOnlyList<PluginWarning> Warnings { get; }

    /// <summary>The plugin for <paramref name="languageId"/>, or <see langword="null"/>.</summary>
    public ILanguagePlugin? Find(string languageId) =>
        _byLanguage.TryGetValue(languageId, out var loaded) ? loaded.Plugin : null;

    /// <summary>The plugins that recognise <paramref name="folder"/> as one of their components, in load order.</summary>
    public IReadOnlyList<ILanguagePlugin> Recognizing(ComponentFolder folder) =>
        Plugins.Where(plugin => plugin.Recognizes(folder)).ToList();

    /// <summary>A catalog of already constructed plugins (tests, embedding); duplicate language ids become warnings.</summary>
    public static PluginCatalog FromPlugins(IEnumerable<(ILanguagePlugin Plugin, string Source)> plugins)
    {
        ArgumentNullException.ThrowIfNull(plugins);
        var builder = new Builder(NullLogger.Instance);
        foreach (var (plugin, source) in plugins)
        {
            builder.Add(plugin, source, source);
        }

        return builder.Build();
    }

    /// <summary>
    /// Loads the built-in plugins of <see cref="PluginCatalogOptions.BuiltInAssemblies"/>, then every
    /// <see cref="PluginCatalogOptions.References"/> entry in order. The first plugin to claim a language id keeps it.
    /// </summary>
    public static async Task<PluginCatalog> LoadAsync(PluginCatalogOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new Builder(logger ?? NullLogger.Instance);
        foreach (var assembly in options.BuiltInAssemblies)
        {
            builder.AddAssembly(assembly, BuiltInSource, BuiltInSource);
        }

        var resolver = new NuGetPluginResolver(options);
        foreach (var reference in options.References)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (reference.Package is not null)
                {
                    if (string.IsNullOrWhiteSpace(reference.Version))
                    {
                        throw new PluginLoadException("a package plugin needs an exact 'version'");
                    }

                    var package = await resolver.ResolveAsync(reference.Package, reference.Version, cancellationToken).ConfigureAwait(false);
                    builder.AddIsolated(reference, package.PluginAssemblies, package.DependencyAssemblies);
                }
                else if (reference.Path is not null)
                {
                    if (!Directory.Exists(reference.Path))
                    {
                        throw new PluginLoadException($"folder '{reference.Path}' does not exist");
                    }

                    var candidates = Directory.EnumerateFiles(reference.Path, "*.dll")
                        .Where(file => !PluginLoadContext.IsShared(Path.GetFileNameWithoutExtension(file)))
                        .Where(PluginAssemblyProbe.DeclaresPlugins)
                        .Order(StringComparer.Ordinal)
                        .ToList();
                    builder.AddIsolated(reference, candidates, new Dictionary<string, string>());
                }
                else
                {
                    throw new PluginLoadException("the reference names neither a package nor a path");
                }
            }
            catch (PluginLoadException e)
            {
                builder.Warn(reference.Source, reference.DeclaredIn, e.Message);
            }
        }

        return builder.Build();
    }

    /// <summary>A plugin plus where it came from.</summary>
    /// <param name="Plugin">The plugin instance.</param>
    /// <param name="Listing">Its listing.</param>
    public sealed record LoadedPlugin(ILanguagePlugin Plugin, PluginListing Listing);

    [GeneratedRegex("^[a-z][a-z0-9-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageIdPattern();

    private sealed class Builder(ILogger logger)
    {
        private readonly List<LoadedPlugin> _plugins = [];
        private readonly List<PluginWarning> _warnings = [];

        public PluginCatalog Build() => new(_plugins, _warnings);

        public void Warn(string source, string declaredIn, string message)
        {
            var warning = new PluginWarning(source, declaredIn, message);
            _warnings.Add(warning);
            logger.LogWarning("{Warning}", warning.ToString());
        }

        public void AddIsolated(PluginReference reference, IReadOnlyList<string> assemblyPaths, IReadOnlyDictionary<string, string> dependencies)
        {
            var declaring = assemblyPaths.Where(PluginAssemblyProbe.DeclaresPlugins).ToList();
            if (declaring.Count == 0)
            {
                throw new PluginLoadException("no assembly declares a plugin with [assembly: WasmcPlugin(typeof(...))]");
            }

            var folders = assemblyPaths.Select(Path.GetDirectoryName).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            var context = new PluginLoadContext(reference.Source, declaring[0], dependencies, folders);
            foreach (var path in declaring)
            {
                Assembly assembly;
                try
                {
                    assembly = context.LoadFromAssemblyPath(Path.GetFullPath(path));
                }
                catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException)
                {
                    Warn(reference.Source, reference.DeclaredIn, $"assembly {Path.GetFileName(path)} could not be loaded: {e.Message}");
                    continue;
                }

                AddAssembly(assembly, reference.Source, reference.DeclaredIn);
            }
        }

        public void AddAssembly(Assembly assembly, string source, string declaredIn)
        {
            IReadOnlyList<WasmcPluginAttribute> attributes;
            try
            {
                attributes = assembly.GetCustomAttributes<WasmcPluginAttribute>().ToList();
            }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or TypeLoadException or BadImageFormatException)
            {
                Warn(source, declaredIn, $"the plugin attributes of {assembly.GetName().Name} could not be read: {e.Message}");
                return;
            }

            if (attributes.Count == 0)
            {
                Warn(source, declaredIn, $"assembly {assembly.GetName().Name} declares no plugin ([assembly: WasmcPlugin(typeof(...))])");
            }

            foreach (var attribute in attributes)
            {
                var plugin = Create(attribute.PluginType, source, declaredIn);
                if (plugin is not null)
                {
                    Add(plugin, source, declaredIn);
                }
            }
        }

        public void Add(ILanguagePlugin plugin, string source, string declaredIn)
        {
            string languageId;
            PluginListing listing;
            try
            {
                languageId = plugin.LanguageId;
                listing = new PluginListing(
                    languageId,
                    plugin.DisplayName,
                    VersionOf(plugin.GetType().Assembly),
                    source,
                    [.. plugin.Toolchains],
                    [.. plugin.Templates.Select(t => t.Id)]);
            }
#pragma warning disable CA1031 // a third-party plugin may throw anything; it must not take the host down.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Warn(source, declaredIn, $"{plugin.GetType().FullName} failed to describe itself: {e.Message}");
                return;
            }

            if (string.IsNullOrEmpty(languageId) || !LanguageIdPattern().IsMatch(languageId))
            {
                Warn(source, declaredIn, $"{plugin.GetType().FullName} has an invalid language id '{languageId}' (expected lowercase letters, digits and '-')");
                return;
            }

            var existing = _plugins.Find(p => p.Listing.LanguageId == languageId);
            if (existing is not null)
            {
                Warn(source, declaredIn, $"language id '{languageId}' is already provided by {existing.Listing.Source} ({existing.Listing.DisplayName}); {plugin.GetType().FullName} is ignored");
                return;
            }

            _plugins.Add(new LoadedPlugin(plugin, listing));
        }

        private ILanguagePlugin? Create(Type type, string source, string declaredIn)
        {
            if (!typeof(ILanguagePlugin).IsAssignableFrom(type))
            {
                Warn(source, declaredIn, $"{type.FullName} is declared as a plugin but does not implement {nameof(ILanguagePlugin)}");
                return null;
            }

            if (type.IsAbstract || type.GetConstructor(Type.EmptyTypes) is null)
            {
                Warn(source, declaredIn, $"{type.FullName} needs to be a concrete class with a public parameterless constructor");
                return null;
            }

            try
            {
                return (ILanguagePlugin)Activator.CreateInstance(type)!;
            }
            catch (TargetInvocationException e)
            {
                Warn(source, declaredIn, $"the constructor of {type.FullName} threw: {e.InnerException?.Message ?? e.Message}");
                return null;
            }
#pragma warning disable CA1031 // see above: a plugin's failure is a warning.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Warn(source, declaredIn, $"{type.FullName} could not be created: {e.Message}");
                return null;
            }
        }

        private static string VersionOf(Assembly assembly)
        {
            var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? assembly.GetName().Version?.ToString()
                ?? "unknown";
            var metadata = version.IndexOf('+', StringComparison.Ordinal);
            return metadata < 0 ? version : version[..metadata];
        }
    }
}
