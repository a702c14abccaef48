namespace McuBoot.Signing;

/// <summary>
/// Splits a list of key specifications (<c>McuBootSigningKey</c>, <c>McuBootImage</c> <c>SigningKey</c> metadata)
/// at <c>;</c>. A <c>pkcs11:</c> URI uses <c>;</c> between its own attributes (RFC 7512 §2.3), so a part that looks
/// like a PKCS#11 path attribute (<c>name=value</c> with a lower-case name) continues the <c>pkcs11:</c> URI before it.
/// </summary>
public static class KeySpecList
{
    /// <summary>The key specifications in <paramref name="list"/>, in order, trimmed, empty parts dropped.</summary>
    public static IReadOnlyList<string> Split(string? list)
    {
        var result = new List<string>();
        if (string.IsNullOrWhiteSpace(list))
        {
            return result;
        }

        foreach (var raw in list.Split(';'))
        {
            var part = raw.Trim();
            if (part.Length == 0)
            {
                continue;
            }

            if (result.Count > 0 && result[^1].StartsWith("pkcs11:", StringComparison.OrdinalIgnoreCase) && IsPkcs11Attribute(part))
            {
                result[^1] += ";" + part;
            }
            else
            {
                result.Add(part);
            }
        }

        return result;
    }

    private static bool IsPkcs11Attribute(string part)
    {
        int eq = part.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            return false;
        }

        for (int i = 0; i < eq; i++)
        {
            char c = part[i];
            if (!(c is >= 'a' and <= 'z' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
