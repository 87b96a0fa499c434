using System.Globalization;

namespace Wasmc.Plugins.Rust.Cargo;

/// <summary>
/// The crates a bundle's rust image carries (Debian's <c>librust-*-dev</c> under <c>/usr/share/cargo/registry</c>), which
/// replace crates.io for every build: a registry dependency the bundle cannot satisfy is reported at its
/// <c>Cargo.toml:LINE:COL</c> with what the bundle has, before cargo's own offline message could.
/// </summary>
internal static class OfflineCrates
{
    /// <summary>Where Debian installs crate sources, unless the bundle's rust image names another <c>cargo-registry</c> file.</summary>
    public const string DefaultRegistry = "/usr/share/cargo/registry";

    /// <summary>The bundle file key of the registry folder.</summary>
    public const string RegistryFileKey = "cargo-registry";

    /// <summary>Cargo's <c>--config</c> arguments that make the registry folder cargo's source of crates.io crates.</summary>
    public static IReadOnlyList<string> SourceReplacement(string registry) =>
        ["--config", "source.crates-io.replace-with=\"debian-crates\"", "--config", $"source.debian-crates.directory=\"{registry}\""];

    /// <exception cref="Wasmc.Plugins.Abstractions.WasmcPluginException">The first dependency the bundle cannot satisfy offline.</exception>
    public static void Check(CargoManifest manifest, IReadOnlyDictionary<string, string> crates, string bundle)
    {
        foreach (var dependency in manifest.Dependencies)
        {
            if (dependency.Source == CargoDependencySource.Git)
            {
                throw ManifestFields.Error(dependency.Position,
                    $"dependency '{dependency.Name}' comes from git ({dependency.Git}), which an offline build cannot fetch: use a crate of bundle '{bundle}' (`dotnet wasmc bundle show {bundle}`) or a path dependency");
            }

            if (dependency.Source != CargoDependencySource.Registry)
            {
                continue;
            }

            if (dependency.Registry is { } registry)
            {
                throw ManifestFields.Error(dependency.Position,
                    $"dependency '{dependency.Name}' comes from the registry '{registry}', which an offline build cannot reach: use a crate of bundle '{bundle}' or a path dependency");
            }

            var crate = dependency.PackageName;
            if (!crates.TryGetValue(crate, out var version))
            {
                var close = CloseNames(crate, crates.Keys);
                throw ManifestFields.Error(dependency.Position,
                    $"crate '{crate}' is not available offline: bundle '{bundle}' has the crates Debian packages (librust-*-dev), and not this one" +
                    (close.Count > 0 ? $"; did you mean {string.Join(" or ", close.Select(c => $"'{c}' ({crates[c]})"))}?" : "") +
                    $" (`dotnet wasmc bundle show {bundle}` lists them all)");
            }

            if (dependency.Version is { } requirement && !Matches(requirement, version))
            {
                throw ManifestFields.Error(dependency.Position,
                    $"crate '{crate}' = \"{requirement}\" does not match the version bundle '{bundle}' has offline: {crate} {version}; ask for \"{Caret(version)}\"");
            }
        }
    }

    /// <summary>Names that differ only in '-' and '_' or case, contain each other, or are a couple of edits apart.</summary>
    public static IReadOnlyList<string> CloseNames(string name, IEnumerable<string> available)
    {
        static string Normal(string s) => s.Replace('-', '_').ToLowerInvariant();
        var wanted = Normal(name);
        return [.. available
            .Select(candidate => (candidate, distance: Normal(candidate) == wanted ? 0 : Distance(wanted, Normal(candidate))))
            .Where(x => x.distance <= 2 || (wanted.Length >= 4 && Normal(x.candidate).Contains(wanted, StringComparison.Ordinal)))
            .OrderBy(x => x.distance).ThenBy(x => x.candidate, StringComparer.Ordinal)
            .Take(3)
            .Select(x => x.candidate)];
    }

    /// <summary>Whether <paramref name="version"/> satisfies cargo's version requirement <paramref name="requirement"/> (<c>1</c>, <c>^1.2</c>, <c>~1.2.3</c>, <c>=1.0.1</c>, <c>&gt;=1, &lt;2</c>, <c>1.*</c>, <c>*</c>).</summary>
    public static bool Matches(string requirement, string version)
    {
        var have = Parse(version.Split('+')[0].Split('-')[0]);
        return requirement.Split(',').All(part => MatchesOne(part.Trim(), have));
    }

    private static bool MatchesOne(string comparator, int[] have)
    {
        if (comparator is "*" or "")
        {
            return true;
        }

        var op = comparator.StartsWith(">=", StringComparison.Ordinal) || comparator.StartsWith("<=", StringComparison.Ordinal) ? comparator[..2]
            : comparator[0] is '^' or '~' or '=' or '>' or '<' ? comparator[..1]
            : "^";
        var text = comparator[(op == "^" && comparator[0] != '^' ? 0 : op.Length)..].Trim();
        var parts = text.Split('.').TakeWhile(p => p is not ("*" or "x" or "X")).ToArray();
        var given = parts.Length;
        var wanted = Parse(string.Join('.', parts));
        var order = Compare(have, wanted);
        return op switch
        {
            "=" => Prefix(have, wanted, given),
            ">" => given == 3 ? order > 0 : Compare(Truncate(have, given), Truncate(wanted, given)) > 0,
            ">=" => order >= 0,
            "<" => order < 0,
            "<=" => given == 3 ? order <= 0 : Compare(Truncate(have, given), Truncate(wanted, given)) <= 0,
            "~" => order >= 0 && Prefix(have, wanted, given >= 2 ? 2 : 1),
            _ => order >= 0 && Prefix(have, wanted, CaretPrefix(wanted, given)),
        };
    }

    // ^1.2.3 keeps the major; ^0.2.3 the minor; ^0.0.3 all three; ^0 / ^0.0 only what is given.
    private static int CaretPrefix(int[] wanted, int given) =>
        given == 0 ? 0 : wanted[0] > 0 ? 1 : given == 1 ? 1 : wanted[1] > 0 ? 2 : given == 2 ? 2 : 3;

    private static bool Prefix(int[] have, int[] wanted, int count) => have.Take(count).SequenceEqual(wanted.Take(count));

    private static int[] Truncate(int[] version, int count) => [.. version.Take(count), .. Enumerable.Repeat(0, 3 - count)];

    private static int Compare(int[] a, int[] b)
    {
        for (var i = 0; i < 3; i++)
        {
            if (a[i] != b[i])
            {
                return a[i].CompareTo(b[i]);
            }
        }

        return 0;
    }

    private static int[] Parse(string text)
    {
        var numbers = new int[3];
        var parts = text.Split('-')[0].Split('.', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < Math.Min(3, parts.Length); i++)
        {
            numbers[i] = int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        }

        return numbers;
    }

    private static string Caret(string version)
    {
        var v = Parse(version);
        return v[0] > 0 ? $"{v[0]}" : $"0.{v[1]}";
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
