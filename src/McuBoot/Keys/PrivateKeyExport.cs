using System.Globalization;

namespace McuBoot.Keys;

/// <summary>The C output of <c>imgtool getpriv</c> (mcuboot-image-format.md §9.4).</summary>
public static class PrivateKeyExport
{
    /// <summary>
    /// <c>const unsigned char enc_priv_key[] = {...};</c> and <c>const unsigned int enc_priv_key_len = N;</c> in the
    /// getpub layout (the symbol name is fixed). Get the bytes from <see cref="McuBootKey.GetPrivateBytes"/>.
    /// </summary>
    public static string ToC(byte[] privateBytes)
    {
        ArgumentNullException.ThrowIfNull(privateBytes);
        return CArrayFormatter.Format(
            "const unsigned char enc_priv_key[] = {",
            "};",
            privateBytes,
            string.Create(CultureInfo.InvariantCulture, $"const unsigned int enc_priv_key_len = {privateBytes.Length};"));
    }
}
