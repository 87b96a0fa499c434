using Wasmc.Containers.Bundles;
using Wasmc.Containers.Tests.Bundles;

namespace Wasmc.Containers.Tests.Images;

public sealed class ToolchainInputsTests
{
    private static BundleToolchain LoadClang(string bundleText, Action<TemporaryContainersDirectory>? arrange = null)
    {
        using var containers = new TemporaryContainersDirectory();
        arrange?.Invoke(containers);
        containers.WriteBundle("test-1", bundleText);
        return BundleCatalog.Load(containers.Path).Get("test-1").GetToolchain("clang");
    }

    [Fact]
    public void The_canonical_inputs_list_every_file_and_build_argument()
    {
        var clang = LoadClang(BundleTestFiles.MinimalBundle);

        ToolchainInputs.CanonicalText(clang).ShouldBe(
            "wasmc toolchain inputs v1\n" +
            "bundle test-1\n" +
            "toolchain clang\n" +
            $"file toolchains/clang.Dockerfile {clang.InputFiles[0].Sha256}\n" +
            $"file toolchains/npm-install.sh {clang.InputFiles[1].Sha256}\n" +
            "arg BASE=wasmc/debian:trixie\n" +
            "arg LLVM_VERSION=19\n" +
            "arg PACKAGES=clang-19=1:19.1.7-3+b1\n");
    }

    [Fact]
    public void The_definition_hash_is_stable_across_runs_and_machines()
    {
        // Pinned: if this changes, every user's images are rebuilt. Change it only on purpose
        // (and then bump the format version in ToolchainInputs).
        LoadClang(BundleTestFiles.MinimalBundle).DefinitionHash.ShouldBe("386c8c2024f9b553358a2c46e7de69074ab1fda58cf8b4756c64e795b9cbe3f4");
    }

    [Fact]
    public void Windows_line_endings_do_not_change_the_hash()
    {
        var unix = LoadClang(BundleTestFiles.MinimalBundle);
        var windows = LoadClang(
            BundleTestFiles.MinimalBundle,
            c => c.WriteFile("toolchains/clang.Dockerfile", "ARG BASE\r\nFROM ${BASE}\r\nARG PACKAGES\r\nRUN apt-get install -y ${PACKAGES}\r\n"));

        windows.DefinitionHash.ShouldBe(unix.DefinitionHash);
    }

    [Theory]
    [InlineData("clang-19 = \"1:19.1.7-3+b1\"", "clang-19 = \"1:19.1.7-3+b2\"")]
    [InlineData("LLVM_VERSION = \"19\"", "LLVM_VERSION = \"20\"")]
    [InlineData("base = \"wasmc/debian:trixie\"", "base = \"wasmc/debian:sid\"")]
    public void Changing_a_version_or_argument_changes_the_hash(string before, string after)
    {
        var original = LoadClang(BundleTestFiles.MinimalBundle);
        var changed = LoadClang(BundleTestFiles.MinimalBundle.Replace(before, after));

        changed.DefinitionHash.ShouldNotBe(original.DefinitionHash);
        changed.ImageReference.ShouldNotBe(original.ImageReference);
    }

    [Fact]
    public void Changing_the_dockerfile_changes_the_hash()
    {
        var original = LoadClang(BundleTestFiles.MinimalBundle);
        var changed = LoadClang(BundleTestFiles.MinimalBundle, c => c.WriteFile("toolchains/clang.Dockerfile", "ARG BASE\nFROM ${BASE}\n"));

        changed.DefinitionHash.ShouldNotBe(original.DefinitionHash);
    }

    [Fact]
    public void Tool_versions_and_descriptions_do_not_change_the_image()
    {
        var original = LoadClang(BundleTestFiles.MinimalBundle);
        var changed = LoadClang(BundleTestFiles.MinimalBundle.Replace("a test bundle", "another text"));

        changed.DefinitionHash.ShouldBe(original.DefinitionHash);
    }

    [Fact]
    public void The_inputs_hash_depends_on_the_base_image_id()
    {
        var clang = LoadClang(BundleTestFiles.MinimalBundle);

        var first = ToolchainInputs.InputsHash(clang, "sha256:aaaa");
        var again = ToolchainInputs.InputsHash(clang, "sha256:aaaa");
        var rebased = ToolchainInputs.InputsHash(clang, "sha256:bbbb");

        again.ShouldBe(first);
        rebased.ShouldNotBe(first);
        first.ShouldNotBe(clang.DefinitionHash);
    }
}
