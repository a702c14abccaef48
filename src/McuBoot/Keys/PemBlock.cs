using System.Text;

namespace McuBoot.Keys;

/// <summary>
/// One PEM block (RFC 7468 §2, plus the RFC 1421 headers of OpenSSL's legacy encrypted keys:
/// <c>Proc-Type</c>, <c>DEK-Info</c>).
/// </summary>
internal sealed class PemBlock
{
    private PemBlock(string label, Dictionary<string, string> headers, string base64)
    {
        Label = label;
        Headers = headers;
        Base64 = base64;
    }

    internal string Label { get; }

    internal IReadOnlyDictionary<string, string> Headers { get; }

    internal string Base64 { get; }

    /// <summary>All blocks of a PEM text, in order; text outside blocks is ignored.</summary>
    internal static List<PemBlock> ReadAll(string text)
    {
        var blocks = new List<PemBlock>();
        string? label = null;
        Dictionary<string, string>? headers = null;
        StringBuilder? body = null;
        var inHeaders = false;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Trim();
            if (label == null)
            {
                if (line.StartsWith("-----BEGIN ", StringComparison.Ordinal) && line.EndsWith("-----", StringComparison.Ordinal) && line.Length > 16)
                {
                    label = line[11..^5];
                    headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    body = new StringBuilder();
                    inHeaders = true;
                }

                continue;
            }

            if (line == "-----END " + label + "-----")
            {
                blocks.Add(new PemBlock(label, headers!, body!.ToString()));
                label = null;
                continue;
            }

            if (inHeaders)
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    headers![line[..colon].Trim()] = line[(colon + 1)..].Trim();
                    continue;
                }

                inHeaders = false;
            }

            body!.Append(line);
        }

        return blocks;
    }

    /// <summary>The decoded DER, or null when the base64 is invalid.</summary>
    internal byte[]? TryDecode()
    {
        try
        {
            return Convert.FromBase64String(Base64);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
