namespace Wasmc.Plugins.Rust;

/// <summary>
/// A profile's Rust flags, split into what goes to rustc (RUSTFLAGS) and what cargo must be told as a profile setting.
/// <c>-C lto</c> cannot travel in RUSTFLAGS: cargo passes <c>-C embed-bitcode=no</c> to a profile without LTO, and rustc
/// rejects the pair ("options `-C embed-bitcode=no` and `-C lto` are incompatible"). As CARGO_PROFILE_*_LTO it makes
/// cargo build every crate with the bitcode LTO needs.
/// </summary>
internal sealed record ProfileFlags(IReadOnlyList<string> Rustc, string? Lto)
{
    /// <summary>Separates <c>-C lto[=VALUE]</c> (also written <c>-Clto[=VALUE]</c>) from the other flags; the last one wins, as in rustc.</summary>
    public static ProfileFlags Split(IReadOnlyList<string> flags)
    {
        ArgumentNullException.ThrowIfNull(flags);
        var rustc = new List<string>();
        string? lto = null;
        for (var i = 0; i < flags.Count; i++)
        {
            if (flags[i] == "-C" && i + 1 < flags.Count && LtoOption(flags[i + 1]) is { } value)
            {
                lto = value;
                i++;
            }
            else if (flags[i].StartsWith("-C", StringComparison.Ordinal) && LtoOption(flags[i][2..]) is { } joined)
            {
                lto = joined;
            }
            else
            {
                rustc.Add(flags[i]);
            }
        }

        return new ProfileFlags(rustc, lto);
    }

    /// <summary>The cargo profile value for a codegen option <c>lto</c> or <c>lto=VALUE</c>, or null for any other option.</summary>
    private static string? LtoOption(string option)
    {
        if (option == "lto")
        {
            return "fat";
        }

        if (!option.StartsWith("lto=", StringComparison.Ordinal))
        {
            return null;
        }

        // rustc's spellings of its -C lto values, as cargo's profile setting names them.
        return option["lto=".Length..] switch
        {
            "fat" or "yes" or "y" or "on" or "true" => "fat",
            "thin" => "thin",
            "off" => "off",
            "no" or "n" or "false" => "false",
            var other => other, // cargo reports a value it does not know, naming it
        };
    }
}
