// Bootloader-side outputs of one signing key.
//  * C key source: exactly `imgtool getpub -e lang-c` (mcuboot-image-format.md §9.2), which MCUboot's Zephyr build runs
//    into ${ZEPHYR_BINARY_DIR}/autogen-pubkey.c (mcu-tools/mcuboot boot/zephyr/CMakeLists.txt, GENERATED_PUBKEY).
//  * MCUboot Kconfig, mcu-tools/mcuboot boot/zephyr/Kconfig: choice BOOT_SIGNATURE_TYPE (BOOT_SIGNATURE_TYPE_NONE, _RSA
//    with int BOOT_SIGNATURE_TYPE_RSA_LEN 2048..3072, _ECDSA_P256, _ED25519 with bool BOOT_SIGNATURE_TYPE_PURE), string
//    BOOT_SIGNATURE_KEY_FILE (relative paths resolve against the MCUboot conf directory, then the MCUboot repository,
//    hence absolute paths here), choice BOOT_IMG_HASH_ALG (_SHA256/_SHA384/_SHA512), bool BOOT_HW_KEY. There is no
//    Zephyr signature type for ECDSA P-384 (MCUBOOT_SIGN_EC384 exists only for other ports, e.g. TF-M).
//  * Sysbuild Kconfig, zephyrproject-rtos/zephyr share/sysbuild/images/bootloader/Kconfig: SB_CONFIG_BOOTLOADER_MCUBOOT,
//    choice BOOT_SIGNATURE_TYPE (_NONE/_RSA/_ECDSA_P256/_ED25519), string BOOT_SIGNATURE_KEY_FILE ("Absolute path");
//    share/sysbuild/images/bootloader/CMakeLists.txt passes it to MCUboot's CONFIG_BOOT_SIGNATURE_KEY_FILE and
//    share/sysbuild/image_configurations/MAIN_image_default.cmake to the application's CONFIG_MCUBOOT_SIGNATURE_KEY_FILE,
//    so one setting drives both sides (partition-layouts-and-manifests.md §0 item 9, §D #3/#4). nRF Connect SDK adds
//    SB_CONFIG_BOOT_SIGNATURE_TYPE_PURE and SB_CONFIG_BOOT_IMG_HASH_ALG_SHA512 (nrfconnect/sdk-nrf sysbuild/Kconfig.mcuboot).
//  * Key hash: the image hash algorithm over the §4.5 public-key bytes (§4.5; not getpubhash's fixed SHA-256, §11 item 13).
using System.Text;
using McuBoot.Checks;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.IO;
using McuBoot.Keys;
using McuBoot.Signing;

namespace McuBoot.BootloaderKeys;

/// <summary>
/// Derives everything the bootloader's build needs from the one signing key: the C public-key source, Kconfig fragments
/// for the MCUboot image, for sysbuild and for the application, and the key hash for hardware-key provisioning.
/// </summary>
public static class BootloaderKeyGenerator
{
    /// <summary>File name of the C public key (the name MCUboot's build generates).</summary>
    public const string PublicKeyCFile = "autogen-pubkey.c";

    /// <summary>File name of the MCUboot image Kconfig fragment.</summary>
    public const string McuBootKconfigFile = "mcuboot.conf";

    /// <summary>File name of the sysbuild Kconfig fragment.</summary>
    public const string SysbuildKconfigFile = "sysbuild.conf";

    /// <summary>File name of the application Kconfig fragment.</summary>
    public const string ApplicationKconfigFile = "app.conf";

    /// <summary>File name of the key hash as lower-case hex and a newline.</summary>
    public const string KeyHashTextFile = "pubkey-hash.txt";

    /// <summary>File name of the raw key hash.</summary>
    public const string KeyHashBinaryFile = "pubkey-hash.bin";

    /// <summary>File name of the key hash as C source.</summary>
    public const string KeyHashCFile = "pubkey-hash.c";

    /// <summary>Loads <paramref name="keyFile"/> (PEM, private or public, or a <c>pkcs11:</c>/<c>exec:</c> key whose public key comes from the token or signer) and derives the outputs.</summary>
    /// <exception cref="McuBootException">Key loading errors; an X25519 key; options that do not fit the key.</exception>
    public static BootloaderKeyOutputs Generate(string keyFile, IPasswordProvider? passwords, BootloaderKeyOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyFile);
        using var key = SignerFactory.LoadPublicKey(keyFile, passwords);
        return Generate(key, keyFile, options);
    }

    /// <summary>Derives the outputs for <paramref name="key"/>, naming <paramref name="keyFile"/> (made absolute) in the Kconfig fragments.</summary>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.BootloaderConfigKeyNotForSigning"/> for X25519;
    /// <see cref="ErrorCodes.BootloaderConfigInvalidOptions"/> when the hash or pure option does not fit the key.</exception>
    public static BootloaderKeyOutputs Generate(McuBootKey key, string keyFile, BootloaderKeyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(keyFile);
        options ??= new BootloaderKeyOptions();
        bool schemeKey = SignerFactory.IsSchemeKey(keyFile);
        string full = schemeKey ? keyFile : Path.GetFullPath(keyFile);
        if (!SignatureAlgorithms.CanSign(key.Type))
        {
            throw new McuBootException(ErrorCodes.BootloaderConfigKeyNotForSigning,
                $"{full} is an X25519 key, which encrypts images but cannot sign them; pass the signing key (RSA, ECDSA P-256 or Ed25519) with -k.", full)
            { ExitCode = ExitCodes.Usage };
        }

        if (options.Pure && key.Type != KeyType.Ed25519)
        {
            throw Invalid(full, $"--pure needs an Ed25519 key, {full} is {Label(key.Type)}; drop --pure or use an Ed25519 key.");
        }

        var hash = options.Hash ?? SignatureAlgorithms.DefaultHash(key.Type, options.Pure);
        var allowed = options.Pure ? [ImageHashAlgorithm.Sha512] : SignatureAlgorithms.AllowedHashes(key.Type, isPublicOnly: false);
        if (!allowed.Contains(hash))
        {
            throw Invalid(full,
                $"--sha {hash.TlvName()[3..]} does not go with {(options.Pure ? "pure Ed25519" : Label(key.Type))} ({full}); use --sha {string.Join(" or ", allowed.Select(a => a.TlvName()[3..]))}.");
        }

        var warnings = new List<McuBootWarning>();
        var publicBytes = key.GetPublicKeyBytes();
        if (DevelopmentKeys.UsageWarning(publicBytes, full) is { } dev)
        {
            warnings.Add(dev);
        }

        if (!key.HasPrivateKey && !schemeKey)
        {
            warnings.Add(new McuBootWarning(ErrorCodes.BootloaderConfigPublicOnlyKey,
                $"{full} is a public key: MCUboot's build only needs the public half, but sysbuild also signs the application with SB_CONFIG_BOOT_SIGNATURE_KEY_FILE, which needs the private key; point the sysbuild fragment at the private PEM (or sign externally).",
                full));
        }

        if (key.Type == KeyType.EcdsaP384)
        {
            warnings.Add(new McuBootWarning(ErrorCodes.BootloaderConfigNoZephyrSignatureType,
                $"{full} is an ECDSA P-384 key: Zephyr's MCUboot port (boot/zephyr/Kconfig) has no P-384 signature type, so the Kconfig fragments only carry comments; use the C key source with a port that defines MCUBOOT_SIGN_EC384 (e.g. TF-M), or sign with P-256 or Ed25519 for Zephyr.",
                full));
        }

        byte[] keyHash = hash.Hash(publicBytes);
        string sign = SignArguments(full, hash, key.Type, options);
        string keyPath = KconfigString(full);
        return new BootloaderKeyOutputs
        {
            KeyType = key.Type,
            KeyFile = full,
            HashAlgorithm = hash,
            Pure = options.Pure,
            HardwareKey = options.HardwareKey,
            PublicKeyC = PublicKeyExport.ToC(key),
            McuBootKconfig = McuBootFragment(key.Type, keyPath, hash, keyHash, options, sign),
            SysbuildKconfig = SysbuildFragment(key.Type, keyPath, hash, options),
            ApplicationKconfig = ApplicationFragment(keyPath, sign),
            KeyHash = keyHash,
            KeyHashC = PublicKeyExport.HashToC(key, string.Empty, hash),
            SignArguments = sign,
            Warnings = warnings,
        };
    }

    /// <summary>
    /// Writes the outputs into <paramref name="directory"/> (created if needed), each file atomically:
    /// <see cref="PublicKeyCFile"/>, <see cref="McuBootKconfigFile"/>, <see cref="SysbuildKconfigFile"/>,
    /// <see cref="ApplicationKconfigFile"/>, <see cref="KeyHashTextFile"/>, <see cref="KeyHashBinaryFile"/>, <see cref="KeyHashCFile"/>.
    /// Returns the absolute paths written. No file is written when one of them is one of <paramref name="inputs"/>
    /// (e.g. the key itself, <c>-o</c> being the key's folder and the key named <c>mcuboot.conf</c>), and a failed
    /// write removes the files this call wrote before it.
    /// </summary>
    /// <param name="outputs">What to write.</param>
    /// <param name="directory">The output folder.</param>
    /// <param name="inputs">The command's input files with how it names them (e.g. <c>("-k", keyPath)</c>); null paths are ignored.</param>
    /// <exception cref="McuBootException"><see cref="ErrorCodes.WriteFailed"/> when the directory cannot be created or written;
    /// <see cref="ErrorCodes.OutputIsInput"/> when an output file is one of <paramref name="inputs"/>.</exception>
    public static IReadOnlyList<string> WriteTo(BootloaderKeyOutputs outputs, string directory, params (string Role, string? Path)[] inputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(inputs);
        string dir = Path.GetFullPath(directory);
        foreach (var name in OutputFileNames)
        {
            OutputPaths.RefuseInputs(Path.Combine(dir, name), "-o", inputs);
        }

        try
        {
            Directory.CreateDirectory(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new McuBootException(ErrorCodes.WriteFailed, $"Cannot create the output directory {dir}: {e.Message}; pass a writable -o directory.", dir, e);
        }

        var files = new (string Name, byte[] Content)[]
        {
            (PublicKeyCFile, Encoding.UTF8.GetBytes(outputs.PublicKeyC)),
            (McuBootKconfigFile, Encoding.UTF8.GetBytes(outputs.McuBootKconfig)),
            (SysbuildKconfigFile, Encoding.UTF8.GetBytes(outputs.SysbuildKconfig)),
            (ApplicationKconfigFile, Encoding.UTF8.GetBytes(outputs.ApplicationKconfig)),
            (KeyHashTextFile, Encoding.ASCII.GetBytes(Convert.ToHexStringLower(outputs.KeyHash) + "\n")),
            (KeyHashBinaryFile, outputs.KeyHash),
            (KeyHashCFile, Encoding.UTF8.GetBytes(outputs.KeyHashC)),
        };
        var written = new List<string>();
        try
        {
            foreach (var (name, content) in files)
            {
                string path = Path.Combine(dir, name);
                AtomicFile.WriteAllBytes(path, content);
                written.Add(path);
            }
        }
        catch
        {
            foreach (var path in written)
            {
                try
                {
                    File.Delete(path);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Best effort: the original error is what matters.
                }
            }

            throw;
        }

        return written;
    }

    /// <summary>The file names <see cref="WriteTo"/> writes, in order.</summary>
    public static IReadOnlyList<string> OutputFileNames { get; } =
        [PublicKeyCFile, McuBootKconfigFile, SysbuildKconfigFile, ApplicationKconfigFile, KeyHashTextFile, KeyHashBinaryFile, KeyHashCFile];

    private static string McuBootFragment(KeyType type, string keyPath, ImageHashAlgorithm hash, byte[] keyHash, BootloaderKeyOptions options, string sign)
    {
        var sb = Header("the MCUboot image", "mcu-tools/mcuboot boot/zephyr/Kconfig",
            "Use it as the MCUboot image's configuration: sysbuild/mcuboot.conf with sysbuild (SB_CONFIG_BOOT_SIGNATURE_KEY_FILE in sysbuild.conf also sets the key file), or the bootloader's prj.conf overlay without it.");
        if (type == KeyType.EcdsaP384)
        {
            sb.Append("# Zephyr's MCUboot port has no ECDSA P-384 signature type; ports that define MCUBOOT_SIGN_EC384 with\n");
            sb.Append("# MCUBOOT_SHA384 (e.g. TF-M's BL2) use autogen-pubkey.c directly.\n");
            sb.Append("# CONFIG_BOOT_SIGNATURE_KEY_FILE=").Append(keyPath).Append('\n');
        }
        else
        {
            sb.Append("CONFIG_BOOT_SIGNATURE_TYPE_").Append(SignatureSymbol(type)).Append("=y\n");
            if (type is KeyType.Rsa2048 or KeyType.Rsa3072)
            {
                sb.Append("CONFIG_BOOT_SIGNATURE_TYPE_RSA_LEN=").Append(type == KeyType.Rsa2048 ? "2048" : "3072").Append('\n');
            }

            if (options.Pure)
            {
                sb.Append("CONFIG_BOOT_SIGNATURE_TYPE_PURE=y\n");
            }

            if (hash != ImageHashAlgorithm.Sha256)
            {
                sb.Append("CONFIG_BOOT_IMG_HASH_ALG_").Append(hash.TlvName()).Append("=y\n");
            }

            sb.Append("CONFIG_BOOT_SIGNATURE_KEY_FILE=").Append(keyPath).Append('\n');
        }

        if (options.HardwareKey)
        {
            sb.Append("# The key is not built in: provision this ").Append(hash.TlvName()).Append(" key hash in the device (pubkey-hash.bin):\n");
            sb.Append("# ").Append(Convert.ToHexStringLower(keyHash)).Append('\n');
            sb.Append("CONFIG_BOOT_HW_KEY=y\n");
        }

        sb.Append("# Images for this bootloader are signed with: ").Append(sign).Append('\n');
        return sb.ToString();
    }

    private static string SysbuildFragment(KeyType type, string keyPath, ImageHashAlgorithm hash, BootloaderKeyOptions options)
    {
        var sb = Header("sysbuild (sysbuild.conf)", "zephyrproject-rtos/zephyr share/sysbuild/images/bootloader/Kconfig",
            "Add it to the project's sysbuild.conf: sysbuild builds MCUboot with this key (CONFIG_BOOT_SIGNATURE_KEY_FILE) and signs the application with the same key (CONFIG_MCUBOOT_SIGNATURE_KEY_FILE).");
        if (type == KeyType.EcdsaP384)
        {
            sb.Append("# Zephyr sysbuild has no ECDSA P-384 signature type (see mcuboot.conf).\n");
            sb.Append("# SB_CONFIG_BOOT_SIGNATURE_KEY_FILE=").Append(keyPath).Append('\n');
            return sb.ToString();
        }

        sb.Append("SB_CONFIG_BOOTLOADER_MCUBOOT=y\n");
        sb.Append("SB_CONFIG_BOOT_SIGNATURE_TYPE_").Append(SignatureSymbol(type)).Append("=y\n");
        sb.Append("SB_CONFIG_BOOT_SIGNATURE_KEY_FILE=").Append(keyPath).Append('\n');
        if (type == KeyType.Rsa3072)
        {
            sb.Append("# Sysbuild has no RSA key-length option: put CONFIG_BOOT_SIGNATURE_TYPE_RSA_LEN=3072 (mcuboot.conf) in sysbuild/mcuboot.conf.\n");
        }

        if (options.Pure || hash != ImageHashAlgorithm.Sha256 || options.HardwareKey)
        {
            if (options.NrfConnectSdk)
            {
                sb.Append("# nRF Connect SDK symbols (nrfconnect/sdk-nrf sysbuild/Kconfig.mcuboot):\n");
                if (options.Pure)
                {
                    sb.Append("SB_CONFIG_BOOT_SIGNATURE_TYPE_PURE=y\n");
                }

                if (hash == ImageHashAlgorithm.Sha512)
                {
                    sb.Append("SB_CONFIG_BOOT_IMG_HASH_ALG_SHA512=y\n");
                }
            }
            else
            {
                sb.Append("# Upstream sysbuild has no hash/pure/HW-key symbols: put the CONFIG_BOOT_* lines of mcuboot.conf in\n");
                sb.Append("# sysbuild/mcuboot.conf (nRF Connect SDK: bootloader-config --ncs writes its SB_CONFIG_* symbols).\n");
            }
        }

        return sb.ToString();
    }

    private static string ApplicationFragment(string keyPath, string sign)
    {
        var sb = Header("the application in builds without sysbuild", "zephyrproject-rtos/zephyr modules/Kconfig.mcuboot",
            "Add it to the application's prj.conf when MCUboot is built separately; with sysbuild, sysbuild.conf sets these.");
        sb.Append("CONFIG_BOOTLOADER_MCUBOOT=y\n");
        sb.Append("CONFIG_MCUBOOT_SIGNATURE_KEY_FILE=").Append(keyPath).Append('\n');
        sb.Append("# Images for the bootloader are signed with: ").Append(sign).Append('\n');
        return sb.ToString();
    }

    private static StringBuilder Header(string what, string symbols, string use)
    {
        var sb = new StringBuilder();
        sb.Append("# Kconfig fragment for ").Append(what).Append(", generated by dotnet mcuboot bootloader-config.\n");
        sb.Append("# Symbols: ").Append(symbols).Append(".\n");
        sb.Append("# ").Append(use).Append('\n');
        return sb;
    }

    private static string SignArguments(string keyFile, ImageHashAlgorithm hash, KeyType type, BootloaderKeyOptions options)
    {
        var sb = new StringBuilder("-k ").Append(Quote(keyFile));
        if (options.Pure)
        {
            sb.Append(" --pure");
        }
        else if (hash != SignatureAlgorithms.DefaultHash(type))
        {
            sb.Append(" --sha ").Append(hash.TlvName()[3..]);
        }

        if (options.HardwareKey)
        {
            sb.Append(" --public-key-format full");
        }

        return sb.ToString();
    }

    private static string SignatureSymbol(KeyType type) => type switch
    {
        KeyType.Rsa2048 or KeyType.Rsa3072 => "RSA",
        KeyType.EcdsaP256 => "ECDSA_P256",
        _ => "ED25519",
    };

    private static string Label(KeyType type) => type switch
    {
        KeyType.Rsa2048 => "an RSA-2048 key",
        KeyType.Rsa3072 => "an RSA-3072 key",
        KeyType.EcdsaP256 => "an ECDSA P-256 key",
        KeyType.EcdsaP384 => "an ECDSA P-384 key",
        KeyType.Ed25519 => "an Ed25519 key",
        _ => "an X25519 key",
    };

    /// <summary>A Kconfig string literal: forward slashes (CMake accepts them on Windows), quotes and backslashes escaped.</summary>
    private static string KconfigString(string path)
        => "\"" + path.Replace('\\', '/').Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string Quote(string path) => path.Contains(' ', StringComparison.Ordinal) ? $"\"{path}\"" : path;

    private static McuBootException Invalid(string file, string message)
        => new(ErrorCodes.BootloaderConfigInvalidOptions, message, file) { ExitCode = ExitCodes.Usage };
}
