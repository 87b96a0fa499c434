using Wasmc.Toml;

namespace Wasmc.Workspace.Internal;

/// <summary>Collects diagnostics so that validation can go on after the first problem.</summary>
internal sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    public bool HasErrors => _items.Any(d => d.IsError);

    public void Error(string code, TomlPosition? position, string message) =>
        _items.Add(new Diagnostic(DiagnosticSeverity.Error, code, message, position));

    public void Warning(string code, TomlPosition? position, string message) =>
        _items.Add(new Diagnostic(DiagnosticSeverity.Warning, code, message, position));

    /// <summary>Document order (unlocated first); the order problems were found in breaks ties.</summary>
    public IReadOnlyList<Diagnostic> Sorted() =>
        _items
            .Select((d, index) => (d, index))
            .OrderBy(x => x.d.Position is null ? 0 : 1)
            .ThenBy(x => x.d.Position?.Line ?? 0)
            .ThenBy(x => x.d.Position?.Column ?? 0)
            .ThenBy(x => x.index)
            .Select(x => x.d)
            .ToList();
}
