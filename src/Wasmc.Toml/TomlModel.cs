using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Wasmc.Toml;

/// <summary>A 1-based position in a TOML source, printed as <c>file:line:col</c>.</summary>
/// <param name="File">The file name as given to the reader.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column (in Unicode code points, as Tomlyn counts them).</param>
readonly partial record struct TomlPosition(string File, int Line, int Column)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}:{Column}";
}

/// <summary>Any node of a TOML document; every node knows where it was written.</summary>
abstract partial class TomlNode
{
    private protected TomlNode(TomlPosition position) => Position = position;

    /// <summary>Where the node's value starts (for tables: the header or the opening brace; for the root: 1:1).</summary>
    public TomlPosition Position { get; internal set; }
}

/// <summary>A table (root, <c>[header]</c>, dotted-key table, inline table or array-of-tables element). Keys keep document order.</summary>
sealed partial class TomlTable : TomlNode, IEnumerable<KeyValuePair<string, TomlNode>>
{
    // Most tables hold a handful of keys: a list searched linearly beats a dictionary there and allocates far
    // less; the index is built once a table grows past IndexThreshold keys.
    private const int IndexThreshold = 8;
    private readonly List<Entry> _entries = [];
    private Dictionary<string, int>? _index;
    private KeyList? _keys;

    /// <summary>Creates an empty table at <paramref name="position"/>.</summary>
    public TomlTable(TomlPosition position, TableKind kind = TableKind.Header)
        : base(position) => Kind = kind;

    /// <summary>How a table came to exist.</summary>
    // Nested because an enum cannot be partial: this way it takes its visibility from TomlTable (see PublicApi.cs).
    public enum TableKind
    {
        /// <summary>The document root.</summary>
        Root,

        /// <summary>Defined by a <c>[header]</c>.</summary>
        Header,

        /// <summary>Created implicitly as the parent of a header (<c>[a.b]</c> creates <c>a</c>).</summary>
        Implicit,

        /// <summary>Created by a dotted key (<c>a.b = 1</c> creates <c>a</c>).</summary>
        Dotted,

        /// <summary>An inline table <c>{ ... }</c>.</summary>
        Inline,

        /// <summary>An element of an array of tables (<c>[[header]]</c>).</summary>
        ArrayElement,
    }

    /// <summary>How the table was written.</summary>
    public TableKind Kind { get; internal set; }

    /// <summary>Number of keys.</summary>
    public int Count => _entries.Count;

    /// <summary>Keys in document order.</summary>
    public IReadOnlyList<string> Keys => _keys ??= new KeyList(_entries);

    /// <summary>The node stored under <paramref name="key"/>.</summary>
    public TomlNode this[string key] => EntryFor(key).Value;

    /// <summary>Whether <paramref name="key"/> is present.</summary>
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <summary>Looks <paramref name="key"/> up.</summary>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TomlNode node)
    {
        var index = IndexOf(key);
        node = index >= 0 ? _entries[index].Value : null;
        return index >= 0;
    }

    /// <summary>Where <paramref name="key"/> was written (for errors such as "unknown key").</summary>
    public TomlPosition KeyPosition(string key) => EntryFor(key).KeyPosition;

    /// <summary>The string stored under <paramref name="key"/>, if there is one and it is a string.</summary>
    public bool TryGetString(string key, [NotNullWhen(true)] out string? value)
    {
        value = TryGetValue(key, out var node) && node is TomlValue { Value: string text } ? text : null;
        return value is not null;
    }

    /// <summary>The integer stored under <paramref name="key"/>, if there is one and it is an integer.</summary>
    public bool TryGetInteger(string key, out long value)
    {
        var found = TryGetValue(key, out var node) && node is TomlValue { Value: long };
        value = found ? (long)((TomlValue)node!).Value : 0;
        return found;
    }

    /// <summary>The boolean stored under <paramref name="key"/>, if there is one and it is a boolean.</summary>
    public bool TryGetBoolean(string key, out bool value)
    {
        var found = TryGetValue(key, out var node) && node is TomlValue { Value: bool };
        value = found && (bool)((TomlValue)node!).Value;
        return found;
    }

    /// <summary>The table stored under <paramref name="key"/>, if there is one and it is a table.</summary>
    public bool TryGetTable(string key, [NotNullWhen(true)] out TomlTable? table)
    {
        table = TryGetValue(key, out var node) ? node as TomlTable : null;
        return table is not null;
    }

    /// <summary>The array stored under <paramref name="key"/>, if there is one and it is an array.</summary>
    public bool TryGetArray(string key, [NotNullWhen(true)] out TomlArray? array)
    {
        array = TryGetValue(key, out var node) ? node as TomlArray : null;
        return array is not null;
    }

    /// <summary>Adds a key; <paramref name="key"/> must not be present yet.</summary>
    public void Add(string key, TomlPosition keyPosition, TomlNode value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (IndexOf(key) >= 0)
        {
            throw new ArgumentException($"key '{key}' is already present", nameof(key));
        }

        _entries.Add(new Entry(key, keyPosition, value));
        if (_index is not null)
        {
            _index.Add(key, _entries.Count - 1);
        }
        else if (_entries.Count > IndexThreshold)
        {
            _index = new Dictionary<string, int>(_entries.Count * 2, StringComparer.Ordinal);
            for (var i = 0; i < _entries.Count; i++)
            {
                _index.Add(_entries[i].Key, i);
            }
        }
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, TomlNode>> GetEnumerator()
    {
        foreach (var entry in _entries)
        {
            yield return new KeyValuePair<string, TomlNode>(entry.Key, entry.Value);
        }
    }

    private int IndexOf(string key)
    {
        if (_index is not null)
        {
            return _index.TryGetValue(key, out var found) ? found : -1;
        }

        for (var i = 0; i < _entries.Count; i++)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private Entry EntryFor(string key)
    {
        var index = IndexOf(key);
        return index >= 0 ? _entries[index] : throw new KeyNotFoundException($"key '{key}' is not in the table");
    }

    private readonly record struct Entry(string Key, TomlPosition KeyPosition, TomlNode Value);

    private sealed class KeyList(List<Entry> entries) : IReadOnlyList<string>
    {
        public int Count => entries.Count;

        public string this[int index] => entries[index].Key;

        public IEnumerator<string> GetEnumerator() => entries.Select(entry => entry.Key).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>An array: a static array <c>[1, 2]</c> or an array of tables built from <c>[[header]]</c>.</summary>
sealed partial class TomlArray : TomlNode, IReadOnlyList<TomlNode>
{
    private readonly List<TomlNode> _items = [];

    /// <summary>Creates an empty array.</summary>
    public TomlArray(TomlPosition position, bool isArrayOfTables = false)
        : base(position) => IsArrayOfTables = isArrayOfTables;

    /// <summary>Whether the array was built from <c>[[header]]</c> sections.</summary>
    public bool IsArrayOfTables { get; }

    /// <inheritdoc />
    public int Count => _items.Count;

    /// <inheritdoc />
    public TomlNode this[int index] => _items[index];

    /// <summary>Appends an element.</summary>
    public void Add(TomlNode item) => _items.Add(item);

    /// <inheritdoc />
    public IEnumerator<TomlNode> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>A scalar value.</summary>
sealed partial class TomlValue : TomlNode
{
    /// <summary>Creates a scalar.</summary>
    /// <param name="position">Where the value starts.</param>
    /// <param name="value">A <see cref="string"/>, <see cref="long"/>, <see cref="double"/>, <see cref="bool"/> or <see cref="Tomlyn.TomlDateTime"/>.</param>
    public TomlValue(TomlPosition position, object value)
        : base(position) => Value = value;

    /// <summary>The value: <see cref="string"/>, <see cref="long"/>, <see cref="double"/>, <see cref="bool"/> or <see cref="Tomlyn.TomlDateTime"/> (any of the four date-time kinds).</summary>
    public object Value { get; }

    /// <summary>The kind as TOML documentation spells it (for messages such as "expected a string, found an integer").</summary>
    public string KindName => Value switch
    {
        string => "string",
        long => "integer",
        double => "float",
        bool => "boolean",
        Tomlyn.TomlDateTime { Kind: Tomlyn.TomlDateTimeKind.LocalDateTime } => "local date-time",
        Tomlyn.TomlDateTime { Kind: Tomlyn.TomlDateTimeKind.LocalDate } => "local date",
        Tomlyn.TomlDateTime { Kind: Tomlyn.TomlDateTimeKind.LocalTime } => "local time",
        Tomlyn.TomlDateTime => "offset date-time",
        _ => Value.GetType().Name,
    };
}
