using Wasmc.Plugins.Abstractions;
using Wasmc.Plugins.Cpp;
using Wasmc.Plugins.Js;

namespace Wasmc.Plugins.Tests.Reliability;

/// <summary>
/// Reliability probes (docs/reliability.md, "paths"): the plugins' source globbing (plugins/Shared/Globs.cs) does not
/// follow folder links, so a committed <c>src/loop -&gt; ..</c> neither loops nor repeats sources, and
/// <c>src/rootlink -&gt; /</c> neither leaves the component nor puts host file names into the plan.
/// </summary>
public sealed class GlobLinkTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly TempFolder _host = new();

    public void Dispose()
    {
        _folder.Dispose();
        _host.Dispose();
    }

    [Fact]
    public void A_folder_link_loop_does_not_repeat_sources()
    {
        _folder.Write("src/calc.c", "int x;");
        Directory.CreateSymbolicLink(Path.Combine(_folder.Path, "src", "loop"), "..");

        var plan = new CPlugin().PlanBuild(PlanFixtures.Request("c", PlanFixtures.Release) with { Folder = _folder.Folder });

        plan.Steps.Where(step => step.Description.StartsWith("compile", StringComparison.Ordinal)).Select(step => step.Description).ShouldBe(["compile src/calc.c"]);
    }

    [Fact]
    public void A_folder_link_out_of_the_component_is_not_globbed()
    {
        _folder.Write("src/calc.c", "int x;");
        _host.Write("host-only.c", "int secret;");
        Directory.CreateSymbolicLink(Path.Combine(_folder.Path, "src", "rootlink"), _host.Path);
        Directory.CreateSymbolicLink(Path.Combine(_folder.Path, "src", "rootfs"), "/");

        var plan = new CPlugin().PlanBuild(PlanFixtures.Request("c", PlanFixtures.Release, options: new Dictionary<string, object> { ["sources"] = "**/*.c" }) with { Folder = _folder.Folder });

        plan.Steps.SelectMany(step => step.Argv).ShouldNotContain(arg => arg.Contains("host-only", StringComparison.Ordinal));
        plan.Steps.Count(step => step.Description.StartsWith("compile", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public void The_javascript_plugin_does_not_check_modules_behind_a_folder_link()
    {
        _folder.Write("src/calc.js", "export const x = 1;");
        _host.Write("evil.js", "export const y = 2;");
        Directory.CreateSymbolicLink(Path.Combine(_folder.Path, "src", "rootlink"), _host.Path);

        var plan = new JsPlugin().PlanBuild(PlanFixtures.Request("js", PlanFixtures.Release) with { Folder = _folder.Folder });

        plan.Steps[0].Argv.ShouldNotContain(arg => arg.Contains("evil", StringComparison.Ordinal));
    }
}
