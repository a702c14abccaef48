using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Keys;

namespace McuBoot.BootloaderKeys;

/// <summary>What the bootloader's build needs for one signing key (see <see cref="BootloaderKeyGenerator"/>).</summary>
public sealed record BootloaderKeyOutputs
{
    /// <summary>The key type.</summary>
    public required KeyType KeyType { get; init; }

    /// <summary>The key file, absolute (what both Kconfig fragments name).</summary>
    public required string KeyFile { get; init; }

    /// <summary>The image hash algorithm images are signed with, which is also the key-hash algorithm.</summary>
    public required ImageHashAlgorithm HashAlgorithm { get; init; }

    /// <summary>Pure Ed25519 signatures.</summary>
    public bool Pure { get; init; }

    /// <summary>MCUBOOT_HW_KEY: images carry the full key (PUBKEY TLV), the device holds <see cref="KeyHash"/>.</summary>
    public bool HardwareKey { get; init; }

    /// <summary>The public key as C source, exactly <c>imgtool getpub -e lang-c</c> (MCUboot's generated <c>autogen-pubkey.c</c>).</summary>
    public required string PublicKeyC { get; init; }

    /// <summary>Kconfig fragment for the MCUboot image (<c>CONFIG_BOOT_SIGNATURE_*</c>); under sysbuild it goes to <c>sysbuild/mcuboot.conf</c>.</summary>
    public required string McuBootKconfig { get; init; }

    /// <summary>Kconfig fragment for <c>sysbuild.conf</c> (<c>SB_CONFIG_BOOT_SIGNATURE_*</c>): signs the application and configures MCUboot with the same key.</summary>
    public required string SysbuildKconfig { get; init; }

    /// <summary>Kconfig fragment for the application in builds without sysbuild (<c>CONFIG_MCUBOOT_SIGNATURE_KEY_FILE</c>).</summary>
    public required string ApplicationKconfig { get; init; }

    /// <summary>The key hash with <see cref="HashAlgorithm"/>: the KEYHASH TLV of signed images, and what to provision for MCUBOOT_HW_KEY.</summary>
    public required byte[] KeyHash { get; init; }

    /// <summary><see cref="KeyHash"/> as C source (the <c>getpubhash -e lang-c</c> layout, with the image hash algorithm).</summary>
    public required string KeyHashC { get; init; }

    /// <summary>The imgtool/dotnet mcuboot sign options that make images this bootloader accepts (besides -v/-H/-S).</summary>
    public required string SignArguments { get; init; }

    /// <summary>Coded warnings (development key, public-only key, no Zephyr signature type).</summary>
    public IReadOnlyList<McuBootWarning> Warnings { get; init; } = [];
}
