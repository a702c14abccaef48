using System.Security.Cryptography;

namespace McuBoot.Keys;

/// <summary>Writes PEM text as OpenSSL does (RFC 7468 §2: 64-column base64, LF line ends, final newline).</summary>
internal static class PemText
{
    internal static string Write(string label, ReadOnlySpan<byte> der)
        => new string(PemEncoding.Write(label, der)) + "\n";
}
