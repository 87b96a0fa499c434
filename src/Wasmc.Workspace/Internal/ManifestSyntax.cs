using Tomlyn.Syntax;
using Wasmc.Toml;

namespace Wasmc.Workspace.Internal;

/// <summary>Adds tables to Tomlyn's lossless syntax tree of a manifest; every other byte of the file stays as it was.</summary>
internal static class ManifestSyntax
{
    /// <summary>Appends the tables of <paramref name="tomlText"/> (valid TOML, leading blank lines kept) at the end.</summary>
    public static void Append(DocumentSyntax document, string tomlText, string displayName)
    {
        foreach (var table in TablesOf(tomlText, displayName))
        {
            document.Tables.Add(table);
        }
    }

    /// <summary>
    /// Inserts the tables of <paramref name="tomlText"/> right after the last table whose header starts with
    /// <paramref name="firstKey"/> (<c>[bundles.p2]</c> for <c>bundles</c>); false when there is none.
    /// </summary>
    public static bool InsertAfterLast(DocumentSyntax document, string firstKey, string tomlText, string displayName)
    {
        var tables = document.Tables;
        var index = -1;
        for (var i = 0; i < tables.ChildrenCount; i++)
        {
            if (tables.GetChild(i) is TableSyntax { Name.Key: var key } && KeyText(key) == firstKey)
            {
                index = i;
            }
        }

        if (index < 0)
        {
            return false;
        }

        var inserted = TablesOf(tomlText, displayName);

        // Tomlyn keeps the blank lines and comments before a table as trivia of the previous line's end: they move
        // below the inserted tables, so they stay in front of the table they were written for.
        var before = LastLineEnd(tables.GetChild(index)!);
        LastLineEnd(inserted[^1]).TrailingTrivia = before.TrailingTrivia;
        before.TrailingTrivia = null;

        // SyntaxList has no Insert: take the tables after the insertion point off and put them back behind.
        var after = new List<TableSyntaxBase>();
        while (tables.ChildrenCount > index + 1)
        {
            after.Add(tables.GetChild(index + 1)!);
            tables.RemoveChildAt(index + 1);
        }

        foreach (var table in inserted.Concat(after))
        {
            tables.Add(table);
        }

        return true;
    }

    private static List<TableSyntaxBase> TablesOf(string tomlText, string displayName)
    {
        var tables = TomlDocument.ParseSyntax(tomlText, displayName).Tables;
        var result = new List<TableSyntaxBase>();
        while (tables.ChildrenCount > 0)
        {
            result.Add(tables.GetChild(0)!);
            tables.RemoveChildAt(0);
        }

        return result;
    }

    private static SyntaxToken LastLineEnd(TableSyntaxBase table) =>
        (table.Items.ChildrenCount > 0 ? table.Items.GetChild(table.Items.ChildrenCount - 1)!.EndOfLineToken : table.EndOfLineToken)
        ?? throw new InvalidOperationException("a table of a document that ends with a newline ends with one too");

    private static string? KeyText(BareKeyOrStringValueSyntax? key) => key switch
    {
        BareKeySyntax bare => bare.Key?.Text,
        StringValueSyntax quoted => quoted.Value,
        _ => null,
    };
}
