using McuBoot.Diagnostics;
using McuBoot.Keys;

namespace McuBoot.Signing;

/// <summary>
/// The <c>pkcs11:</c> scheme (RFC 7512): <c>pkcs11:token=LABEL;object=KEY;type=private?module-path=LIB</c>. The
/// module comes from <c>module-path=</c> (relative to the project / current directory) or the environment variable
/// MCUBOOT_PKCS11_MODULE. The PIN comes from <c>pin-source=file:PATH</c> or <c>pin-source=env:NAME</c>, else the
/// password provider (CLI: <c>--password-env</c>, <c>--password-file</c>, a prompt; MSBuild:
/// <c>McuBootKeyPinEnvironmentVariable</c>, <c>McuBootKeyPinFile</c>), else MCUBOOT_PKCS11_PIN; never from the URI
/// itself (<c>pin-value=</c> is refused).
/// </summary>
public sealed class Pkcs11SignerProvider : IKeySpecResolver
{
    /// <summary>The environment variable naming the PKCS#11 module when the URI has no <c>module-path=</c>.</summary>
    public const string ModuleVariable = "MCUBOOT_PKCS11_MODULE";

    /// <summary>The environment variable read for the PIN when nothing else gives one.</summary>
    public const string PinVariable = "MCUBOOT_PKCS11_PIN";

    /// <summary>
    /// How a PIN request starts when passed to an <see cref="IPasswordProvider"/> (followed by the URI), so a provider
    /// can tell token PINs from key-file passwords (<see cref="McuBoot.Build.PinRoutingPasswordProvider"/>).
    /// </summary>
    public const string PinRequestPrefix = "PKCS#11 token of ";

    /// <inheritdoc />
    public string Scheme => "pkcs11";

    /// <inheritdoc />
    public IImageSigner CreateSigner(string keySpec, IPasswordProvider? passwords, string? baseDirectory)
    {
        var uri = Pkcs11Uri.Parse(keySpec);
        var module = Pkcs11Module.Acquire(ModulePath(uri, baseDirectory), uri.Text);
        var session = Pkcs11Session.Open(module, uri);
        string? pin;
        try
        {
            pin = Pin(uri, passwords, baseDirectory);
        }
        catch
        {
            session.Dispose();
            throw;
        }

        return Pkcs11Signer.Open(session, uri, pin);
    }

    /// <inheritdoc />
    public McuBootKey LoadPublicKey(string keySpec, IPasswordProvider? passwords, string? baseDirectory)
    {
        var uri = Pkcs11Uri.Parse(keySpec);
        var module = Pkcs11Module.Acquire(ModulePath(uri, baseDirectory), uri.Text);
        using var session = Pkcs11Session.Open(module, uri);

        // Public objects are readable without a login; log in only when they are private on this token.
        if (session.FindPublicKey() is { } key)
        {
            return key;
        }

        if (Pin(uri, passwords, baseDirectory) is { } pin)
        {
            session.Login(pin);
            if (session.FindPublicKey() is { } afterLogin)
            {
                return afterLogin;
            }
        }

        throw SignerErrors.Create(
            ErrorCodes.Pkcs11ObjectNotFound,
            $"The token of {uri.Text} holds no public key or certificate with that label/id; check object= / id= (pkcs11-tool --module MODULE -O lists the objects) or import the public key.",
            null);
    }

    private static string ModulePath(Pkcs11Uri uri, string? baseDirectory)
    {
        var path = uri.Query.GetValueOrDefault("module-path") ?? Environment.GetEnvironmentVariable(ModuleVariable);
        if (string.IsNullOrWhiteSpace(path))
        {
            throw SignerErrors.Create(
                ErrorCodes.Pkcs11ModuleNotFound,
                $"No PKCS#11 module is named for {uri.Text}; add ?module-path=/path/to/module.so to the URI or set {ModuleVariable} (SoftHSM2: /usr/lib/softhsm/libsofthsm2.so).",
                null);
        }

        return Path.GetFullPath(baseDirectory == null ? path : Path.Combine(baseDirectory, path));
    }

    private static string? Pin(Pkcs11Uri uri, IPasswordProvider? passwords, string? baseDirectory)
    {
        if (uri.Query.GetValueOrDefault("pin-source") is { } source)
        {
            if (source.StartsWith("env:", StringComparison.Ordinal))
            {
                var name = source[4..];
                return Environment.GetEnvironmentVariable(name) ?? throw SignerErrors.Create(
                    ErrorCodes.Pkcs11PinSourceUnreadable,
                    $"The PIN of {uri.Text} comes from the environment variable {name} (pin-source=env:{name}), which is not set; set it.",
                    null);
            }

            var file = source.StartsWith("file:", StringComparison.Ordinal) ? source[5..] : source;
            if (file.StartsWith("//", StringComparison.Ordinal))
            {
                file = file[2..]; // file:///abs/path
            }

            var full = Path.GetFullPath(baseDirectory == null ? file : Path.Combine(baseDirectory, file));
            try
            {
                var text = File.ReadAllText(full);
                var end = text.AsSpan().IndexOfAny('\r', '\n');
                return end < 0 ? text : text[..end];
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw SignerErrors.Create(
                    ErrorCodes.Pkcs11PinSourceUnreadable,
                    $"The PIN file {full} (pin-source of {uri.Text}) cannot be read ({e.Message}); check the path and its permissions.",
                    full);
            }
        }

        if (passwords?.GetPassword(PinRequestPrefix + uri.Text) is { } pin)
        {
            return pin;
        }

        return Environment.GetEnvironmentVariable(PinVariable);
    }
}
