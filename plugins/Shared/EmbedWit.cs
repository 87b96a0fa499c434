using Wasmc.Plugins.Abstractions;

namespace Wasmc.Plugins.Shared;

/// <summary>
/// The WIT that <c>wasm-tools component embed</c> reads. The tool only sees the component's <c>wit/</c> folder, so a
/// component that uses WASI packages shipped with wasmc (<c>ShippedWit</c>; see <c>EmbedWits.For</c>) instead of copies in <c>wit/deps</c>
/// gets one self-contained file in scratch: its package with every package it uses nested in it.
/// </summary>
/// <param name="Path">The container path of the WIT to embed.</param>
/// <param name="Staged">The self-contained file to write to scratch, or null when the component's own WIT is used.</param>
internal sealed record EmbedWit(string Path, PlanFile? Staged);
