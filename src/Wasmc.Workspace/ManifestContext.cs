using Wasmc.Plugins.Abstractions;

namespace Wasmc.Workspace;

/// <summary>A published bundle (from <c>containers/bundles</c>) and the WASI levels it can build.</summary>
/// <param name="Name">The bundle name, e.g. <c>trixie-2026.11</c>.</param>
/// <param name="Wasi">The WASI levels its toolchains target.</param>
public sealed record KnownBundle(string Name, IReadOnlyList<WasiLevel> Wasi)
{
    /// <summary>The language ids the bundle builds; null when unknown (then any language is accepted).</summary>
    public IReadOnlyList<string>? Languages { get; init; }
}

/// <summary>A bundle that is no longer offered.</summary>
/// <param name="Name">The retired bundle's name.</param>
/// <param name="Successor">The bundle to use instead.</param>
/// <param name="Reason">Why it was retired.</param>
public sealed record RetiredBundleInfo(string Name, string Successor, string Reason);

/// <summary>
/// What the manifest is checked against: the languages the loaded plugins provide and the
/// published bundles. The manifest cannot know these itself.
/// </summary>
/// <param name="Languages">Language ids of the loaded plugins (<c>rust</c>, <c>cpp</c>, <c>go</c>, <c>js</c>, ...).</param>
/// <param name="Bundles">Published bundles.</param>
public sealed record ManifestContext(IReadOnlyList<string> Languages, IReadOnlyList<KnownBundle> Bundles)
{
    /// <summary>Bundles that were published once and are retired now.</summary>
    public IReadOnlyList<RetiredBundleInfo> Retired { get; init; } = [];
}
