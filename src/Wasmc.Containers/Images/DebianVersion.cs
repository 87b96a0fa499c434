using System.Globalization;

namespace Wasmc.Containers.Images;

/// <summary>
/// A Debian package version, <c>[epoch:]upstream[-revision]</c>, ordered exactly as dpkg orders them
/// (<c>~</c> sorts before everything, even the end of the string; digit runs compare as numbers).
/// </summary>
internal readonly record struct DebianVersion(int Epoch, string Upstream, string Revision) : IComparable<DebianVersion>
{
    /// <summary>Parses <paramref name="text"/>; the revision is what follows the last <c>-</c> (empty for native packages).</summary>
    /// <exception cref="FormatException">Not a Debian version.</exception>
    public static DebianVersion Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rest = text.Trim();
        var epoch = 0;
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            if (!int.TryParse(rest.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out epoch))
            {
                throw new FormatException($"'{text}' is not a Debian version: the epoch before ':' is not a number");
            }

            rest = rest[(colon + 1)..];
        }

        var dash = rest.LastIndexOf('-');
        var (upstream, revision) = dash >= 0 ? (rest[..dash], rest[(dash + 1)..]) : (rest, string.Empty);
        if (upstream.Length == 0 || !char.IsAsciiDigit(upstream[0]))
        {
            throw new FormatException($"'{text}' is not a Debian version: the upstream version must start with a digit");
        }

        return new DebianVersion(epoch, upstream, revision);
    }

    /// <summary>Whether <paramref name="other"/> has the same epoch and upstream version (it may differ in the Debian revision).</summary>
    public bool SameUpstream(DebianVersion other) => Epoch == other.Epoch && Upstream == other.Upstream;

    public int CompareTo(DebianVersion other)
    {
        if (Epoch != other.Epoch)
        {
            return Epoch.CompareTo(other.Epoch);
        }

        var upstream = CompareParts(Upstream, other.Upstream);
        return upstream != 0 ? upstream : CompareParts(Revision, other.Revision);
    }

    public static bool operator <(DebianVersion left, DebianVersion right) => left.CompareTo(right) < 0;

    public static bool operator >(DebianVersion left, DebianVersion right) => left.CompareTo(right) > 0;

    public static bool operator <=(DebianVersion left, DebianVersion right) => left.CompareTo(right) <= 0;

    public static bool operator >=(DebianVersion left, DebianVersion right) => left.CompareTo(right) >= 0;

    public override string ToString() =>
        (Epoch > 0 ? Epoch.ToString(CultureInfo.InvariantCulture) + ":" : string.Empty) + Upstream + (Revision.Length > 0 ? "-" + Revision : string.Empty);

    // dpkg's verrevcmp: alternate non-digit runs (compared by Order) and digit runs (compared as numbers).
    private static int CompareParts(string left, string right)
    {
        int i = 0, j = 0;
        while (i < left.Length || j < right.Length)
        {
            var firstDifference = 0;
            while ((i < left.Length && !char.IsAsciiDigit(left[i])) || (j < right.Length && !char.IsAsciiDigit(right[j])))
            {
                var a = i < left.Length ? Order(left[i]) : 0;
                var b = j < right.Length ? Order(right[j]) : 0;
                if (a != b)
                {
                    return a - b;
                }

                i++;
                j++;
            }

            while (i < left.Length && left[i] == '0')
            {
                i++;
            }

            while (j < right.Length && right[j] == '0')
            {
                j++;
            }

            while (i < left.Length && char.IsAsciiDigit(left[i]) && j < right.Length && char.IsAsciiDigit(right[j]))
            {
                if (firstDifference == 0)
                {
                    firstDifference = left[i] - right[j];
                }

                i++;
                j++;
            }

            if (i < left.Length && char.IsAsciiDigit(left[i]))
            {
                return 1;
            }

            if (j < right.Length && char.IsAsciiDigit(right[j]))
            {
                return -1;
            }

            if (firstDifference != 0)
            {
                return firstDifference;
            }
        }

        return 0;
    }

    private static int Order(char c) => c switch
    {
        '~' => -1,
        _ when char.IsAsciiDigit(c) => 0,
        _ when char.IsAsciiLetter(c) => c,
        _ => c + 256,
    };
}
