using System.Text;

namespace Wasmc.Containers.Bundles;

/// <summary>
/// What a toolchain image is built from, as one canonical text and its hash. The hash names the image
/// tag; together with the base image's id it is the <c>wasmc.inputs-hash</c> label that decides rebuilds.
/// </summary>
internal static class ToolchainInputs
{
    // Bump when the meaning of the canonical text changes, so every image is rebuilt once.
    private const string FormatVersion = "wasmc toolchain inputs v1";

    public static string CanonicalText(BundleToolchain toolchain)
    {
        var text = new StringBuilder();
        text.Append(FormatVersion).Append('\n');
        text.Append("bundle ").Append(toolchain.BundleName).Append('\n');
        text.Append("toolchain ").Append(toolchain.Name).Append('\n');
        foreach (var file in toolchain.InputFiles)
        {
            text.Append("file ").Append(file.RelativePath).Append(' ').Append(file.Sha256).Append('\n');
        }

        foreach (var (key, value) in toolchain.BuildArgs)
        {
            text.Append("arg ").Append(key).Append('=').Append(value).Append('\n');
        }

        if (toolchain.NpmPackageJson is { } packageJson)
        {
            text.Append("package.json ").Append(BundleText.Sha256OfString(packageJson)).Append('\n');
        }

        return text.ToString();
    }

    public static string DefinitionHash(BundleToolchain toolchain) => BundleText.Sha256OfString(CanonicalText(toolchain));

    /// <summary>The <c>wasmc.inputs-hash</c> label: the definition plus the id of the base image it was built on.</summary>
    public static string InputsHash(BundleToolchain toolchain, string baseImageId) =>
        BundleText.Sha256OfString($"{toolchain.DefinitionHash}\nbase-image {baseImageId}\n");
}
