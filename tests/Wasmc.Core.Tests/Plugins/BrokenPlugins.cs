using Wasmc.Core.Tests.Plugins;
using Wasmc.Plugins.Abstractions;

// Deliberately broken declarations: BuiltInPluginTests loads this test assembly as a plugin assembly.
[assembly: WasmcPlugin(typeof(NotAPlugin))]
[assembly: WasmcPlugin(typeof(ThrowingPlugin))]
[assembly: WasmcPlugin(typeof(SecondRustPlugin))]
[assembly: WasmcPlugin(typeof(BadIdPlugin))]
[assembly: WasmcPlugin(typeof(WorkingTestPlugin))]

namespace Wasmc.Core.Tests.Plugins;

public sealed class NotAPlugin;

public class TestPlugin(string languageId) : ILanguagePlugin
{
    public string LanguageId => languageId;

    public string DisplayName => $"Test ({languageId})";

    public IReadOnlyList<string> Toolchains { get; } = ["test"];

    public IReadOnlyList<ComponentTemplate> Templates { get; } = [new("library", "test")];

    public bool Recognizes(ComponentFolder folder) => folder.HasFile($"{languageId}.marker");

    public ScaffoldResult Scaffold(ScaffoldRequest request) => new([], request.ComponentName, "wit");

    public BuildPlan PlanBuild(BuildRequest request) => new([], []);
}

public sealed class ThrowingPlugin : TestPlugin
{
    public ThrowingPlugin()
        : base("throwing") => throw new InvalidOperationException("no toolchain configured");
}

public sealed class SecondRustPlugin() : TestPlugin("rust");

public sealed class BadIdPlugin() : TestPlugin("Not An Id");

public sealed class WorkingTestPlugin() : TestPlugin("test-lang");
