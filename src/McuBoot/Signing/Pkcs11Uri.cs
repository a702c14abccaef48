using System.Text;
using McuBoot.Diagnostics;

namespace McuBoot.Signing;

/// <summary>
/// A <c>pkcs11:</c> URI (RFC 7512): path attributes <c>token</c>, <c>manufacturer</c>, <c>model</c>, <c>serial</c>,
/// <c>object</c>, <c>id</c>, <c>type</c> separated by <c>;</c>; query attributes <c>module-path</c>,
/// <c>module-name</c>, <c>pin-source</c> separated by <c>&amp;</c>; values percent-encoded (§2.3). <c>pin-value</c> is
/// refused: a PIN never goes on a command line or into a build log.
/// </summary>
public sealed record Pkcs11Uri
{
    /// <summary>The URI as given (it holds no PIN; shown in messages and logs).</summary>
    public required string Text { get; init; }

    /// <summary>Path attributes (lower-case names), decoded.</summary>
    public required IReadOnlyDictionary<string, byte[]> Path { get; init; }

    /// <summary>Query attributes (lower-case names), decoded as UTF-8.</summary>
    public required IReadOnlyDictionary<string, string> Query { get; init; }

    /// <summary>The token label (<c>token=</c>).</summary>
    public string? Token => PathText("token");

    /// <summary>The object label (<c>object=</c>).</summary>
    public string? Object => PathText("object");

    /// <summary>The object id (<c>id=</c>, bytes).</summary>
    public byte[]? Id => Path.TryGetValue("id", out var v) ? v : null;

    /// <summary>A path attribute as text.</summary>
    public string? PathText(string name) => Path.TryGetValue(name, out var v) ? Encoding.UTF8.GetString(v) : null;

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.Pkcs11UriInvalid"/>, <see cref="ErrorCodes.Pkcs11PinInUri"/>.</exception>
    public static Pkcs11Uri Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.StartsWith("pkcs11:", StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid(text, "it does not start with pkcs11:");
        }

        var body = text[7..];
        int q = body.IndexOf('?', StringComparison.Ordinal);
        var pathPart = q < 0 ? body : body[..q];
        var queryPart = q < 0 ? string.Empty : body[(q + 1)..];
        var path = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var attr in pathPart.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, value) = Split(text, attr);
            if (name is not ("token" or "manufacturer" or "model" or "serial" or "object" or "id" or "type"
                or "library-description" or "library-manufacturer" or "library-version" or "slot-description"
                or "slot-id" or "slot-manufacturer"))
            {
                throw Invalid(text, $"'{name}' is not an RFC 7512 path attribute");
            }

            if (!path.TryAdd(name, Decode(text, value)))
            {
                throw Invalid(text, $"'{name}' is given twice");
            }
        }

        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var attr in queryPart.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, value) = Split(text, attr);
            if (name == "pin-value")
            {
                throw SignerErrors.Create(
                    ErrorCodes.Pkcs11PinInUri,
                    "The pkcs11: URI carries the PIN (pin-value=), which would end up in shell history and build logs; remove it and give the PIN with pin-source=file:PATH, pin-source=env:NAME, --password-env/--password-file, McuBootKeyPinEnvironmentVariable/McuBootKeyPinFile, or at the prompt.",
                    null);
            }

            if (name is not ("module-path" or "module-name" or "pin-source"))
            {
                throw Invalid(text, $"'{name}' is not a supported query attribute (module-path, module-name, pin-source)");
            }

            query[name] = Encoding.UTF8.GetString(Decode(text, value));
        }

        var type = path.TryGetValue("type", out var t) ? Encoding.UTF8.GetString(t) : null;
        if (type is not (null or "private"))
        {
            throw Invalid(text, $"type={type} does not name a signing key; use type=private or leave it out");
        }

        if (!path.ContainsKey("object") && !path.ContainsKey("id"))
        {
            throw Invalid(text, "it names no key; add object=LABEL or id=%01 (the key's CKA_LABEL or CKA_ID)");
        }

        return new Pkcs11Uri { Text = text, Path = path, Query = query };
    }

    private static (string Name, string Value) Split(string text, string attr)
    {
        int eq = attr.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            throw Invalid(text, $"'{attr}' is not name=value");
        }

        return (attr[..eq].ToLowerInvariant(), attr[(eq + 1)..]);
    }

    private static byte[] Decode(string text, string value)
    {
        var bytes = new List<byte>(value.Length);
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c == '%')
            {
                if (i + 2 >= value.Length || !byte.TryParse(value.AsSpan(i + 1, 2), System.Globalization.NumberStyles.HexNumber, null, out var b))
                {
                    throw Invalid(text, $"'{value}' has a bad percent escape");
                }

                bytes.Add(b);
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
        }

        return [.. bytes];
    }

    private static McuBootException Invalid(string text, string why)
        => SignerErrors.Create(
            ErrorCodes.Pkcs11UriInvalid,
            $"Invalid pkcs11: key URI '{text}': {why}; write e.g. pkcs11:token=LABEL;object=KEY;type=private?module-path=/usr/lib/softhsm/libsofthsm2.so (RFC 7512).",
            null);
}
