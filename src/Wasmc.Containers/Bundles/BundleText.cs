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
