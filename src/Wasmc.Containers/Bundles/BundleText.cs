using System.Security.Cryptography;
using System.Text;

namespace Wasmc.Containers.Bundles;

/// <summary>Spellings and hashes shared by the bundle files, the lock and the image labels.</summary>
internal static class BundleText
{
    /// <summary>
    /// sha256 of a text file with CRLF turned into LF, so a checkout with Windows line endings
    /// hashes like the committed file.
    /// </summary>
    public static string Sha256OfTextFile(byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.AsSpan().IndexOf("\r\n"u8) < 0)
        {
            return Convert.ToHexStringLower(SHA256.HashData(content));
        }

        var normalised = new byte[content.Length];
        var length = 0;
        for (var i = 0; i < content.Length; i++)
        {
            if (content[i] == (byte)'\r' && i + 1 < content.Length && content[i + 1] == (byte)'\n')
            {
                continue;
            }

            normalised[length++] = content[i];
        }

        return Convert.ToHexStringLower(SHA256.HashData(normalised.AsSpan(0, length)));
    }

    public static string Sha256OfString(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
