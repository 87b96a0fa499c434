namespace Wasmc.Plugins.Abstractions;

/// <summary>
/// Declares the plugin types an assembly contributes. wasmc finds plugins through this
/// attribute instead of scanning every type, so loading a plugin assembly is cheap and explicit:
/// <c>[assembly: WasmcPlugin(typeof(MyLanguagePlugin))]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class WasmcPluginAttribute : Attribute
{
    /// <summary>Declares <paramref name="pluginType"/>, which must implement <see cref="ILanguagePlugin"/> and have a public parameterless constructor.</summary>
    public WasmcPluginAttribute(Type pluginType) => PluginType = pluginType;

    /// <summary>The plugin type.</summary>
    public Type PluginType { get; }
}
