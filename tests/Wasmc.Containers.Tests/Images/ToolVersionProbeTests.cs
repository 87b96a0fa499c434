using Wasmc.Containers.Bundles;
using Wasmc.Containers.Images;
using Wasmc.Containers.Tests.Bundles;

namespace Wasmc.Containers.Tests.Images;

public sealed class ToolVersionProbeTests
{
    [Fact]
    public void Every_tool_of_every_committed_bundle_has_a_probe()
    {
        foreach (var bundle in BundleCatalog.Load(BundleTestFiles.RepositoryContainersDirectory).Bundles)
        {
            foreach (var tool in bundle.Tools.Keys)
            {
                ToolVersionProbe.Known.ContainsKey(tool).ShouldBeTrue($"no probe for tool {tool} of bundle {bundle.Name}");
            }
        }
    }

    [Theory]
    [InlineData("rustc", "rustc 1.97.1 (d8ef5cb4c 2026-09-30) (built from a source tarball)", "1.97.1")]
    [InlineData("clang", "Debian clang version 22.1.8 (3)\nTarget: x86_64-pc-linux-gnu", "22.1.8")]
    [InlineData("lld", "Debian LLD 22.1.8 (compatible with GNU linkers)", "22.1.8")]
    [InlineData("wasi-libc", "0.0~git20260423.161b319-2", "git20260423")]
    [InlineData("go", "go version go1.26.10 linux/amd64", "1.26.10")]
    [InlineData("node", "v24.22.2\n", "24.22.2")]
    [InlineData("wasm-tools", "wasm-tools 1.239.0", "1.239.0")]
    [InlineData("binaryen", "wasm-opt version 131", "131")]
    public void Probes_read_the_version_out_of_the_tools_output(string tool, string output, string version)
    {
        ToolVersionProbe.Known[tool].ParseVersion(output).ShouldBe(version);
    }

    [Fact]
    public void Output_without_a_version_gives_null()
    {
        ToolVersionProbe.Known["clang"].ParseVersion("command not found").ShouldBeNull();
    }
}
