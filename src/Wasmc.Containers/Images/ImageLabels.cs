namespace Wasmc.Containers.Images;

/// <summary>Labels wasmc puts on the toolchain images it builds.</summary>
public static class ImageLabels
{
    /// <summary>Bundle name.</summary>
    public const string Bundle = "wasmc.bundle";

    /// <summary>Toolchain name.</summary>
    public const string Toolchain = "wasmc.toolchain";

    /// <summary>Hash of everything the image was built from, including the base image's id; decides rebuilds.</summary>
    public const string InputsHash = "wasmc.inputs-hash";

    /// <summary>Hash of the bundle's definition of the image (without the base image's id).</summary>
    public const string DefinitionHash = "wasmc.definition-hash";

    /// <summary>Id of the base image the image was built on.</summary>
    public const string BaseImageId = "wasmc.base-image-id";

    /// <summary>The pinned Debian packages as installed (<c>name=version ...</c>): the pin, or a newer revision of it (docs/bundles.md).</summary>
    public const string Packages = "wasmc.packages";
}
