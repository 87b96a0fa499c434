using Tomlyn.Syntax;

namespace Wasmc.Toml;

/// <summary>
/// Maps a syntax tree that Tomlyn has validated to <see cref="TomlTable"/>s. It checks nothing TOML forbids (Tomlyn
/// did: duplicate keys, redefined tables, extended inline tables and arrays); it only resolves headers, dotted keys
/// and arrays of tables to the tables they name and records where each key and value was written.
/// </summary>
internal static class SyntaxMapper
{
    // Booleans are boxed once: a document holds many and they never change.
    private static readonly object BoxedTrue = true;
    private static readonly object BoxedFalse = false;

    public static TomlTable Map(DocumentSyntax document, string file)
    {
        var root = new TomlTable(new TomlPosition(file, 1, 1), TomlTable.TableKind.Root);
        foreach (var keyValue in document.KeyValues)
        {
            Assign(root, keyValue, file);
        }

        foreach (var section in document.Tables)
        {
            var table = Open(root, section, file);
            foreach (var keyValue in section.Items)
            {
                Assign(table, keyValue, file);
            }
        }

        return root;
    }

    public static TomlPosition Position(string file, TextPosition start) => new(file, start.Line + 1, start.Column + 1);

    private static TomlPosition Position(string file, SyntaxNode node) => Position(file, node.Span.Start);

    private static string At(TomlPosition position) => $"{position.Line}:{position.Column}";

    /// <summary>The table a <c>[header]</c> or <c>[[header]]</c> opens.</summary>
    private static TomlTable Open(TomlTable root, TableSyntaxBase section, string file)
    {
        var headerPosition = Position(file, section.OpenBracket ?? (SyntaxNode)section);
        var parts = KeyParts(section.Name!, file);
        var parent = root;
        for (var i = 0; i < parts.Count - 1; i++)
        {
            parent = Descend(parent, parts[i], TomlTable.TableKind.Implicit);
        }

        var (name, keyPosition) = parts[^1];
        parent.TryGetValue(name, out var existing);
        if (section is TableArraySyntax)
        {
            if (existing is not TomlArray array)
            {
                array = new TomlArray(headerPosition, isArrayOfTables: true);
                parent.Add(name, keyPosition, array);
            }

            var element = new TomlTable(headerPosition, TomlTable.TableKind.ArrayElement);
            array.Add(element);
            return element;
        }

        if (existing is TomlTable earlier)
        {
            // Created as the parent of an earlier header ([a.b] before [a]): this header defines it.
            earlier.Kind = TomlTable.TableKind.Header;
            earlier.Position = headerPosition;
            return earlier;
        }

        var table = new TomlTable(headerPosition);
        parent.Add(name, keyPosition, table);
        return table;
    }

    private static void Assign(TomlTable table, KeyValueSyntax keyValue, string file)
    {
        var parts = KeyParts(keyValue.Key!, file);
        for (var i = 0; i < parts.Count - 1; i++)
        {
            table = Descend(table, parts[i], TomlTable.TableKind.Dotted);
        }

        var (name, keyPosition) = parts[^1];
        if (table.ContainsKey(name))
        {
            // Tomlyn's validation rejects this first; kept so that a gap there cannot drop a value silently.
            throw new TomlException(keyPosition, $"duplicate key '{name}' (first defined at {At(table.KeyPosition(name))})");
        }

        table.Add(name, keyPosition, Value(keyValue.Value!, file));
    }

    /// <summary>The table <paramref name="part"/> names in <paramref name="table"/> (the last element of an array of tables), created when missing.</summary>
    private static TomlTable Descend(TomlTable table, KeyPart part, TomlTable.TableKind kindIfCreated)
    {
        switch (table.TryGetValue(part.Name, out var node) ? node : null)
        {
            case TomlTable child:
                return child;
            case TomlArray { IsArrayOfTables: true, Count: > 0 } array:
                return (TomlTable)array[^1];
            case null:
                var created = new TomlTable(part.Position, kindIfCreated);
                table.Add(part.Name, part.Position, created);
                return created;
            default:
                throw new TomlException(part.Position, $"'{part.Name}' is not a table (defined at {At(table.KeyPosition(part.Name))})");
        }
    }

    private static TomlNode Value(ValueSyntax syntax, string file)
    {
        var position = Position(file, syntax);
        switch (syntax)
        {
            case StringValueSyntax text:
                return new TomlValue(position, text.Value!);
            case IntegerValueSyntax integer:
                return new TomlValue(position, integer.Value);
            case FloatValueSyntax number:
                return new TomlValue(position, number.Value);
            case BooleanValueSyntax boolean:
                return new TomlValue(position, boolean.Value ? BoxedTrue : BoxedFalse);
            case DateTimeValueSyntax dateTime:
                return new TomlValue(position, dateTime.Value);
            case ArraySyntax array:
                var items = new TomlArray(position);
                foreach (var item in array.Items)
                {
                    items.Add(Value(item.Value!, file));
                }

                return items;
            case InlineTableSyntax inline:
                var table = new TomlTable(position, TomlTable.TableKind.Inline);
                foreach (var item in inline.Items)
                {
                    Assign(table, item.KeyValue!, file);
                }

                return table;
            default:
                throw new TomlException(position, $"unexpected {syntax.Kind} value");
        }
    }

    private readonly record struct KeyPart(string Name, TomlPosition Position);

    private static List<KeyPart> KeyParts(KeySyntax key, string file)
    {
        var parts = new List<KeyPart>(1 + key.DotKeys.ChildrenCount) { Part(key.Key!, file) };
        foreach (var dotted in key.DotKeys)
        {
            parts.Add(Part(dotted.Key!, file));
        }

        return parts;
    }

    private static KeyPart Part(BareKeyOrStringValueSyntax key, string file) => key switch
    {
        BareKeySyntax bare => new KeyPart(bare.Key!.Text!, Position(file, key)),
        StringValueSyntax quoted => new KeyPart(quoted.Value!, Position(file, key)),
        _ => throw new TomlException(Position(file, key), $"unexpected {key.Kind} key"),
    };
}
