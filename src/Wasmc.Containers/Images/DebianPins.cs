namespace Wasmc.Containers.Images;

/// <summary>How a pinned Debian package was satisfied when an image was built.</summary>
/// <param name="Name">Package name.</param>
/// <param name="Pinned">The version the bundle file pins.</param>
/// <param name="Installed">The version installed: the pin itself, or a newer Debian revision of the same upstream version.</param>
public sealed record ResolvedPackage(string Name, string Pinned, string Installed)
{
    /// <summary>Whether the mirror had moved on and a newer Debian revision was installed instead of the pin.</summary>
    public bool Moved => Pinned != Installed;

    /// <summary><c>nodejs 20.19.2+dfsg-1+deb13u3 for pin 20.19.2+dfsg-1+deb13u2</c>, or <c>nodejs 20.19.2+dfsg-1+deb13u2</c>.</summary>
    public override string ToString() => Moved ? $"{Name} {Installed} for pin {Pinned}" : $"{Name} {Installed}";
}

/// <summary>A pin the mirror cannot satisfy: the package is gone, or only other upstream versions are left.</summary>
/// <param name="Name">Package name.</param>
/// <param name="Pinned">The version the bundle file pins.</param>
/// <param name="Available">The versions the mirror has (empty: the package is gone).</param>
public sealed record UnavailablePin(string Name, string Pinned, IReadOnlyList<string> Available)
{
    public override string ToString() => Available.Count == 0
        ? $"{Name}: pinned {Pinned}; the mirror has no package of that name any more"
        : $"{Name}: pinned {Pinned}; the mirror only has {string.Join(", ", Available)} (another upstream version)";
}

/// <summary>
/// The version policy for Debian pins, applied when an image is built (see docs/bundles.md). A bundle's identity
/// is its upstream tool versions; the Debian revision around them moves with security and point updates
/// (<c>+deb13u2</c> becomes <c>+deb13u3</c>, <c>-3</c> becomes <c>-3+b1</c>). So a pin is satisfied by the exact version
/// when the mirror has it, else by the newest <em>newer</em> revision of the same epoch and upstream version; anything
/// else (another upstream version, an older revision, a vanished package) is refused.
/// </summary>
internal static class DebianPins
{
    /// <summary>Resolves every pin against <paramref name="available"/> (package name to the versions the mirror offers).</summary>
    public static (IReadOnlyList<ResolvedPackage> Resolved, IReadOnlyList<UnavailablePin> Unavailable) Resolve(
        IReadOnlyDictionary<string, string> pins,
        IReadOnlyDictionary<string, IReadOnlyList<string>> available)
    {
        var resolved = new List<ResolvedPackage>();
        var unavailable = new List<UnavailablePin>();
        foreach (var (name, pinned) in pins)
        {
            var versions = available.TryGetValue(name, out var found) ? found : [];
            if (ResolveOne(pinned, versions) is { } installed)
            {
                resolved.Add(new ResolvedPackage(name, pinned, installed));
            }
            else
            {
                unavailable.Add(new UnavailablePin(name, pinned, versions));
            }
        }

        return (resolved, unavailable);
    }

    /// <summary>The version to install for <paramref name="pinned"/>, or null when the policy allows none of <paramref name="versions"/>.</summary>
    public static string? ResolveOne(string pinned, IReadOnlyList<string> versions)
    {
        if (versions.Contains(pinned, StringComparer.Ordinal))
        {
            return pinned;
        }

        var pin = DebianVersion.Parse(pinned);
        return versions
            .Select(text => (Text: text, Version: TryParse(text)))
            .Where(v => v.Version is { } version && version.SameUpstream(pin) && version > pin)
            .OrderByDescending(v => v.Version!.Value)
            .Select(v => v.Text)
            .FirstOrDefault();
    }

    /// <summary>
    /// Reads <c>apt-cache madison</c> output (<c>  nodejs | 20.19.2+dfsg-1+deb13u3 | http://... trixie/main amd64 Packages</c>):
    /// package name to the binary versions listed, in order, without duplicates. Source-package lines are skipped.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> ParseMadison(string output)
    {
        var versions = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n'))
        {
            var fields = line.Split('|', StringSplitOptions.TrimEntries);
            if (fields.Length != 3 || fields[0].Length == 0 || fields[1].Length == 0 || fields[2].EndsWith(" Sources", StringComparison.Ordinal))
            {
                continue;
            }

            var list = versions.TryGetValue(fields[0], out var existing) ? existing : versions[fields[0]] = [];
            if (!list.Contains(fields[1], StringComparer.Ordinal))
            {
                list.Add(fields[1]);
            }
        }

        return versions.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value, StringComparer.Ordinal);
    }

    /// <summary>The <c>wasmc.packages</c> label: <c>name=version</c> of every pinned package as installed, space separated.</summary>
    public static string Label(IEnumerable<ResolvedPackage> packages) => string.Join(' ', packages.Select(p => $"{p.Name}={p.Installed}"));

    /// <summary>Reads a <c>wasmc.packages</c> label back, pairing each package with its pin (packages the bundle no longer pins are left out).</summary>
    public static IReadOnlyList<ResolvedPackage> FromLabel(string? label, IReadOnlyDictionary<string, string> pins)
    {
        if (string.IsNullOrWhiteSpace(label))
        {
            return [];
        }

        var result = new List<ResolvedPackage>();
        foreach (var item in label.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && pins.TryGetValue(item[..equals], out var pinned))
            {
                result.Add(new ResolvedPackage(item[..equals], pinned, item[(equals + 1)..]));
            }
        }

        return result;
    }

    private static DebianVersion? TryParse(string text)
    {
        try
        {
            return DebianVersion.Parse(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
