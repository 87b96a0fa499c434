using Wasmc.Toml;
using Wasmc.Wit.Internal.Parsing;
using Wasmc.Wit.Internal.Resolution;

namespace Wasmc.Wit.Internal;

/// <summary>Reads WIT files and folders (with <c>deps/</c>) into package groups, as wasm-tools' <c>push_path</c>.</summary>
internal static class WitSources
{
    public static PackageGroup ParseGroup(IEnumerable<(string Path, string Text)> files)
    {
        var nested = new List<UnresolvedPackage>();
        var main = new PackageResolver();
        foreach (var (path, text) in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            var file = Parser.ParseFile(new SourceFile(path, text));
            var items = new List<TopLevelItem>();
            foreach (var item in file.Items)
            {
                if (item is NestedPackage package)
                {
                    var resolver = new PackageResolver();
                    resolver.Push(package.Package, path);
                    nested.Add(resolver.Resolve());
                }
                else
                {
                    items.Add(item);
                }
            }

            main.Push(new PackageFileSyntax { PackageId = file.PackageId, Items = items }, path);
        }

        return new PackageGroup(main.Resolve(), nested);
    }

    public static PackageGroup ParseFile(string path) => ParseGroup(ReadFile(path));

    public static PackageGroup ParseDirectory(string path) => ParseGroup(ReadDirectory(path));

    public static List<PackageGroup> ParseDepsDirectory(string path) => [.. ReadDepsDirectory(path).Select(ParseGroup)];

    /// <summary>One file's source, as <see cref="ParseGroup"/> takes it.</summary>
    public static List<(string Path, string Text)> ReadFile(string path) => [(path, ReadText(path))];

    /// <summary>The <c>.wit</c> files directly in a folder (one package).</summary>
    public static List<(string Path, string Text)> ReadDirectory(string path) =>
        [.. Directory.EnumerateFiles(path)
            .Where(f => string.Equals(Path.GetExtension(f), ".wit", StringComparison.Ordinal))
            .Select(f => (f, ReadText(f)))];

    /// <summary>The sources of each package of a <c>deps/</c> folder (a sub-folder or a <c>.wit</c> file each), by name.</summary>
    public static List<List<(string Path, string Text)>> ReadDepsDirectory(string path)
    {
        var groups = new List<List<(string Path, string Text)>>();
        if (!Directory.Exists(path))
        {
            return groups;
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(path).OrderBy(e => Path.GetFileName(e), StringComparer.Ordinal))
        {
            if (Directory.Exists(entry))
            {
                groups.Add(ReadDirectory(entry));
                continue;
            }

            switch (Path.GetExtension(entry))
            {
                case ".wit":
                    groups.Add(ReadFile(entry));
                    break;
                case ".wasm" or ".wat":
                    // wasm-tools decodes these with wit-component; wasmc has no WebAssembly decoder (yet).
                    throw new WitException($"binary WIT packages in deps/ are not supported yet: {entry}; vendor the .wit sources instead");
            }
        }

        return groups;
    }

    /// <summary>A WIT file: a regular file of at most 8 MiB (<see cref="InputFiles"/>), strict UTF-8 (a bad byte is a located error).</summary>
    private static string ReadText(string path)
    {
        try
        {
            return TomlDocument.DecodeUtf8(InputFiles.ReadAllBytes(path), path);
        }
        catch (TomlException e)
        {
            throw new WitException(e.Reason, new SourceSpan(e.Position.File, e.Position.Line, e.Position.Column));
        }
        catch (IOException e)
        {
            throw new WitException($"failed to read `{path}`: {e.Message}", e);
        }
    }
}
