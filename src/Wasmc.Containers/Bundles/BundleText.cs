using System.Security.Cryptography;
using System.Text;
using Wasmc.Plugins.Abstractions;

namespace Wasmc.Containers.Bundles;

/// <summary>Spellings and hashes shared by the bundle files, the lock and the image labels.</summary>
internal static class BundleText
{
    public static string WasiName(WasiLevel level) => level switch
    {
        WasiLevel.Preview2 => "preview2",
        WasiLevel.Preview3 => "preview3",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
    };

    public static bool TryParseWasi(string text, out WasiLevel level)
    {
        switch (text)
        {
            case "preview2":
                level = WasiLevel.Preview2;
                return true;
            case "preview3":
                level = WasiLevel.Preview3;
                return true;
            default:
                level = default;
                return false;
        }
    }

    /// <summary>
    /// sha256 of a text file with CRLF turned into LF, so a checkout with Windows line endings
    /// hashes like the committed file.
    /// </summary>
    public static string Sha256OfTextFile(byte[] content)
    {
        var normalised = new List<byte>(content.Length);
        for (var i = 0; i < content.Length; i++)
        {
            if (content[i] == (byte)'\r' && i + 1 < content.Length && content[i + 1] == (byte)'\n')
            {
                continue;
            }

            normalised.Add(content[i]);
        }

        return Convert.ToHexStringLower(SHA256.HashData(normalised.ToArray()));
    }

    public static string Sha256OfString(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
