using System.CommandLine;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.IO;
using McuBoot.Keys;
using McuBoot.Signing;

namespace McuBoot.Tool.Commands;

/// <summary><c>keygen</c>, <c>getpub</c>, <c>getpubhash</c>, <c>getpriv</c>, <c>keyinfo</c> (§9.1–§9.5).</summary>
internal static class KeyCommands
{
    /// <summary>The one-line description shown in the command list.</summary>
    public const string KeygenDescription = "Generate a signing or encryption key.";

    /// <summary>The one-line description shown in the command list.</summary>
    public const string GetPubDescription = "Print the public key in the form the bootloader embeds.";

    /// <summary>The one-line description shown in the command list.</summary>
    public const string GetPubHashDescription = "Print the hash of the public key (for hardware key provisioning).";

    /// <summary>The one-line description shown in the command list.</summary>
    public const string GetPrivDescription = "Print the private (decryption) key as C source for the bootloader.";

    /// <summary>The one-line description shown in the command list.</summary>
    public const string KeyInfoDescription = "Print whether a key file is private or public.";

    private static readonly string[] KeyTypes = ["rsa-2048", "rsa-3072", "ecdsa-p256", "ecdsa-p384", "ed25519", "x25519"];

    public static Command Keygen(CliContext context)
    {
        var key = CommonOptions.Key(true, "File to write the new private key to (PKCS#8 PEM).");
        var type = new Option<string?>("--type", "-t") { Description = "rsa-2048, rsa-3072, ecdsa-p256, ecdsa-p384, ed25519 or x25519.", Required = true };
        var protect = new Option<bool>("--password", "-p") { Description = "Encrypt the key with a password (from --password-env, --password-file or a prompt)." };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing key file." };
        var passwordEnv = CommonOptions.PasswordEnv();
        var passwordFile = CommonOptions.PasswordFile();
        var command = new Command("keygen", KeygenDescription) { key, type, protect, force, passwordEnv, passwordFile };
        command.SetAction(result =>
        {
            string path = context.Resolve(result.GetValue(key)!);
            CommonOptions.RefuseOutputOverInput(context, path, "-k", ("--password-file", result.GetValue(passwordFile)));
            string t = CommonOptions.Choice(result.GetValue(type), "-t' / '--type", "ecdsa-p256", KeyTypes);
            if (File.Exists(path) && !result.GetValue(force))
            {
                throw new McuBootException(ErrorCodes.InvalidOptionValue,
                    $"{path} already exists; keygen will not overwrite a key (devices may trust it). Choose another file or pass --force.", path) { ExitCode = ExitCodes.Usage };
            }

            string password = string.Empty;
            if (result.GetValue(protect))
            {
                var provider = CommonOptions.Passwords(context, result, passwordEnv, passwordFile);
                password = provider.GetPassword(path) ?? throw new McuBootException(ErrorCodes.KeyPasswordRequired,
                    $"-p needs a password for {path}: set --password-env NAME or --password-file FILE, or run in a terminal to be prompted.", path) { ExitCode = ExitCodes.Usage };
                if (result.GetValue(passwordEnv) == null && result.GetValue(passwordFile) == null && context.PromptPassword("Reenter passphrase: ") != password)
                {
                    throw new McuBootException(ErrorCodes.KeyPasswordRequired, "Passwords do not match; run keygen again.", path) { ExitCode = ExitCodes.Usage };
                }
            }

            using var generated = McuBootKey.Generate(ParseType(t));
            AtomicFile.WriteSecret(path, System.Text.Encoding.ASCII.GetBytes(generated.ExportPrivatePkcs8Pem(password)));
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command GetPub(CliContext context)
    {
        var key = CommonOptions.Key(true, "Key file (private or public PEM).");
        var encoding = new Option<string?>("--encoding", "-e") { Description = "lang-c (default), lang-rust, pem or raw." };
        var lang = new Option<string?>("--lang", "-l") { Description = "Deprecated: c or rust." };
        var suffix = new Option<string?>("--name-suffix") { Description = "Suffix appended to the C/Rust identifiers." };
        var output = new Option<string?>("--output", "-o") { Description = "Output file (default: standard output).", HelpName = "FILE" };
        var passwordEnv = CommonOptions.PasswordEnv();
        var passwordFile = CommonOptions.PasswordFile();
        var command = new Command("getpub", GetPubDescription) { key, encoding, lang, suffix, output, passwordEnv, passwordFile };
        command.SetAction(result =>
        {
            if (result.GetValue(encoding) != null && result.GetValue(lang) != null)
            {
                throw new McuBootException(ErrorCodes.ConflictingOptions, "Please use only one of --encoding/-e or --lang/-l.") { ExitCode = ExitCodes.Usage };
            }

            string enc = result.GetValue(lang) is { } l
                ? "lang-" + CommonOptions.Choice(l, "-l' / '--lang", "c", "c", "rust")
                : CommonOptions.Choice(result.GetValue(encoding), "-e' / '--encoding", "lang-c", "lang-c", "lang-rust", "pem", "raw");
            string nameSuffix = ValidateSuffix(result.GetValue(suffix), enc);
            CommonOptions.RefuseOutputOverInput(context, result.GetValue(output), "-o", ("-k", result.GetValue(key)), ("--password-file", result.GetValue(passwordFile)));
            using var k = SignerFactory.LoadPublicKey(result.GetValue(key)!, CommonOptions.Passwords(context, result, passwordEnv, passwordFile), context.BaseDirectory);
            string? outPath = result.GetValue(output);
            switch (enc)
            {
                case "raw":
                    CommonOptions.WriteBytes(context, outPath, PublicKeyExport.ToRaw(k), context.RawOut);
                    break;
                case "pem":
                    CommonOptions.WriteText(context, outPath, PublicKeyExport.ToPem(k));
                    break;
                case "lang-rust":
                    CommonOptions.WriteText(context, outPath, PublicKeyExport.ToRust(k, nameSuffix));
                    break;
                default:
                    CommonOptions.WriteText(context, outPath, PublicKeyExport.ToC(k, nameSuffix));
                    break;
            }

            return ExitCodes.Success;
        });
        return command;
    }

    public static Command GetPubHash(CliContext context)
    {
        var key = CommonOptions.Key(true, "Key file (private or public PEM).");
        var encoding = new Option<string?>("--encoding", "-e") { Description = "lang-c (default) or raw." };
        var suffix = new Option<string?>("--name-suffix") { Description = "Suffix appended to the C identifiers." };
        var sha = new Option<string?>("--sha") { Description = "Hash: 256 (default, as imgtool), 384 or 512 — match the bootloader's image hash (P-384, SHA-512 or pure builds)." };
        var output = new Option<string?>("--output", "-o") { Description = "Output file (default: standard output).", HelpName = "FILE" };
        var passwordEnv = CommonOptions.PasswordEnv();
        var passwordFile = CommonOptions.PasswordFile();
        var command = new Command("getpubhash", GetPubHashDescription) { key, encoding, suffix, sha, output, passwordEnv, passwordFile };
        command.SetAction(result =>
        {
            string enc = CommonOptions.Choice(result.GetValue(encoding), "-e' / '--encoding", "lang-c", "lang-c", "raw");
            string nameSuffix = ValidateSuffix(result.GetValue(suffix), enc);
            var algorithm = CommonOptions.Choice(result.GetValue(sha), "--sha", "256", "256", "384", "512") switch
            {
                "384" => ImageHashAlgorithm.Sha384,
                "512" => ImageHashAlgorithm.Sha512,
                _ => ImageHashAlgorithm.Sha256,
            };
            CommonOptions.RefuseOutputOverInput(context, result.GetValue(output), "-o", ("-k", result.GetValue(key)), ("--password-file", result.GetValue(passwordFile)));
            using var k = SignerFactory.LoadPublicKey(result.GetValue(key)!, CommonOptions.Passwords(context, result, passwordEnv, passwordFile), context.BaseDirectory);
            string? outPath = result.GetValue(output);
            if (enc == "raw")
            {
                CommonOptions.WriteBytes(context, outPath, PublicKeyExport.PublicKeyHash(k, algorithm), context.RawOut);
            }
            else
            {
                CommonOptions.WriteText(context, outPath, PublicKeyExport.HashToC(k, nameSuffix, algorithm));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    public static Command GetPriv(CliContext context)
    {
        var key = CommonOptions.Key(true, "Private key file (PEM).");
        var format = new Option<string?>("--format", "-f") { Description = "openssl or pkcs8 (default depends on the key type)." };
        var minimal = new Option<bool>("--minimal") { Description = "Drop optional fields to save bootloader flash." };
        var output = new Option<string?>("--output", "-o") { Description = "Output file (default: standard output).", HelpName = "FILE" };
        var passwordEnv = CommonOptions.PasswordEnv();
        var passwordFile = CommonOptions.PasswordFile();
        var command = new Command("getpriv", GetPrivDescription) { key, format, minimal, output, passwordEnv, passwordFile };
        command.SetAction(result =>
        {
            string? fmt = result.GetValue(format) is { } f ? CommonOptions.Choice(f, "-f' / '--format", "pkcs8", "openssl", "pkcs8") : null;
            CommonOptions.RefuseOutputOverInput(context, result.GetValue(output), "-o", ("-k", result.GetValue(key)), ("--password-file", result.GetValue(passwordFile)));
            using var k = KeyLoader.Load(context.Resolve(result.GetValue(key)!), CommonOptions.Passwords(context, result, passwordEnv, passwordFile));
            PrivateKeyFormat? privateFormat = fmt switch { "openssl" => PrivateKeyFormat.Openssl, "pkcs8" => PrivateKeyFormat.Pkcs8, _ => null };
            var bytes = k.GetPrivateBytes(privateFormat, result.GetValue(minimal));
            CommonOptions.WriteText(context, result.GetValue(output), PrivateKeyExport.ToC(bytes), secret: true);
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command KeyInfo(CliContext context)
    {
        var key = CommonOptions.Key(true, "Key file (PEM).");
        var require = new Option<string?>("--require") { Description = "Fail unless the key is 'private' or 'public'." };
        var command = new Command("keyinfo", KeyInfoDescription) { key, require };
        command.SetAction(result =>
        {
            string path = context.Resolve(result.GetValue(key)!);
            string? required = result.GetValue(require) is { } r ? CommonOptions.Choice(r, "--require", "private", "private", "public") : null;
            McuBootKey k;
            try
            {
                k = KeyLoader.Load(path, passwords: null);
            }
            catch (McuBootException e) when (e.Code == ErrorCodes.KeyPasswordRequired)
            {
                throw new McuBootException(ErrorCodes.KeyPasswordRequired,
                    $"Cannot inspect {path}: key is password-protected. keyinfo runs non-interactively and does not prompt for a passphrase.", path) { ExitCode = ExitCodes.Usage };
            }

            using (k)
            {
                string kind = k.HasPrivateKey ? "private" : "public";
                if (required != null && required != kind)
                {
                    throw new McuBootException(ErrorCodes.KeyTypeMismatch, $"Key {path} is {kind}, but {required} was required.", path) { ExitCode = ExitCodes.Usage };
                }

                context.Out.WriteLine(kind);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static string ValidateSuffix(string? suffix, string encoding)
    {
        if (suffix == null)
        {
            return string.Empty;
        }

        if (!encoding.StartsWith("lang-", StringComparison.Ordinal))
        {
            throw new McuBootException(ErrorCodes.ConflictingOptions, "--name-suffix is only meaningful for lang-c / lang-rust encodings.") { ExitCode = ExitCodes.Usage };
        }

        PublicKeyExport.ValidateNameSuffix(suffix);
        return suffix;
    }

    private static KeyType ParseType(string t) => t switch
    {
        "rsa-2048" => KeyType.Rsa2048,
        "rsa-3072" => KeyType.Rsa3072,
        "ecdsa-p384" => KeyType.EcdsaP384,
        "ed25519" => KeyType.Ed25519,
        "x25519" => KeyType.X25519,
        _ => KeyType.EcdsaP256,
    };
}
