using System.Globalization;
using System.Text.RegularExpressions;

namespace Wasmc.Wit.Internal;

/// <summary>A semantic version (semver.org 2.0) with the ordering of the Rust <c>semver</c> crate.</summary>
internal sealed partial class SemVer : IComparable<SemVer>, IEquatable<SemVer>
{
    private readonly string _text;

    private SemVer(string text, ulong major, ulong minor, ulong patch, string pre, string build)
    {
        _text = text;
        Major = major;
        Minor = minor;
        Patch = patch;
        Pre = pre;
        Build = build;
    }

    public ulong Major { get; }

    public ulong Minor { get; }

    public ulong Patch { get; }

    public string Pre { get; }

    public string Build { get; }

    public static SemVer? TryParse(string text, out string? error)
    {
        var match = SemVerPattern().Match(text);
        if (!match.Success)
        {
            error = $"invalid semver version `{text}`";
            return null;
        }

        error = null;
        return new SemVer(
            text,
            ulong.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
            ulong.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture),
            ulong.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture),
            match.Groups[4].Value,
            match.Groups[5].Value);
    }

    public int CompareTo(SemVer? other)
    {
        if (other is null)
        {
            return 1;
        }

        var c = Major.CompareTo(other.Major);
        if (c == 0)
        {
            c = Minor.CompareTo(other.Minor);
        }

        if (c == 0)
        {
            c = Patch.CompareTo(other.Patch);
        }

        if (c == 0)
        {
            // A version without pre-release sorts after any pre-release of it.
            c = (Pre.Length == 0, other.Pre.Length == 0) switch
            {
                (true, true) => 0,
                (true, false) => 1,
                (false, true) => -1,
                _ => CompareIdentifiers(Pre, other.Pre),
            };
        }

        if (c == 0)
        {
            c = CompareIdentifiers(Build, other.Build);
        }

        return c;
    }

    public bool Equals(SemVer? other) => other is not null && CompareTo(other) == 0;

    public override bool Equals(object? obj) => obj is SemVer other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Major, Minor, Patch, Pre, Build);

    public override string ToString() => _text;

    private static int CompareIdentifiers(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return a.Length.CompareTo(b.Length);
        }

        var left = a.Split('.');
        var right = b.Split('.');
        for (var i = 0; i < Math.Min(left.Length, right.Length); i++)
        {
            var leftNumeric = ulong.TryParse(left[i], NumberStyles.None, CultureInfo.InvariantCulture, out var l);
            var rightNumeric = ulong.TryParse(right[i], NumberStyles.None, CultureInfo.InvariantCulture, out var r);
            var c = (leftNumeric, rightNumeric) switch
            {
                (true, true) => l.CompareTo(r),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(left[i], right[i]),
            };
            if (c != 0)
            {
                return c;
            }
        }

        return left.Length.CompareTo(right.Length);
    }

    [GeneratedRegex(@"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(?:-((?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex SemVerPattern();
}
