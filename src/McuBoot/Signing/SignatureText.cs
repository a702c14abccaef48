using System.Text;

namespace McuBoot.Signing;

/// <summary>
/// Reads a signature as signing services print it: base64 or base64url text (optionally with Vault's
/// <c>vault:vN:</c> prefix or surrounding quotes), or binary.
/// </summary>
internal static class SignatureText
{
    /// <summary>The possible readings of <paramref name="output"/>, most likely first (<c>auto</c>: base64, then binary).</summary>
    public static IReadOnlyList<byte[]> Candidates(byte[] output, string format)
    {
        var result = new List<byte[]>();
        if (output.Length == 0)
        {
            return result;
        }

        if (format != "binary" && TryBase64(Encoding.ASCII.GetString(output)) is { } decoded)
        {
            result.Add(decoded);
        }

        if (format != "base64")
        {
            result.Add(output);
        }

        return result;
    }

    /// <summary>Decodes base64/base64url text (white space, quotes and a <c>vault:vN:</c> prefix ignored); null if it is not.</summary>
    public static byte[]? TryBase64(string text)
    {
        var t = text.Trim().Trim('"').Trim();
        if (t.StartsWith("vault:v", StringComparison.Ordinal))
        {
            t = t[(t.LastIndexOf(':') + 1)..];
        }

        var sb = new StringBuilder(t.Length + 4);
        foreach (char c in t)
        {
            if (char.IsWhiteSpace(c))
            {
                continue;
            }

            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=' or '-' or '_'))
            {
                return null;
            }

            sb.Append(c switch { '-' => '+', '_' => '/', _ => c });
        }

        if (sb.Length == 0)
        {
            return null;
        }

        while (sb.Length % 4 != 0)
        {
            sb.Append('=');
        }

        try
        {
            return Convert.FromBase64String(sb.ToString());
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
