// MCUboot's published development/test keys (partition-layouts-and-manifests.md §E item 6, §D #3/#8; mcuboot-image-format.md §12.2).
// Public-key bytes (§4.5 form) and their SHA-256, taken from the mcu-tools/mcuboot repository:
//   root-rsa-2048.pem     sim/src/rsa_pub_key-rs.txt (RSA_PUB_KEY; sim/src/tlv.rs pairs it with root-rsa-2048.pem)
//                         and sim/mcuboot-sys/csupport/keys.c (root_pub_der, MCUBOOT_SIGN_RSA_LEN == 2048)
//   root-rsa-3072.pem     sim/src/rsa3072_pub_key-rs.txt, sim/mcuboot-sys/csupport/keys.c (MCUBOOT_SIGN_RSA_LEN == 3072)
//   root-ec-p256.pem      sim/src/ecdsa_pub_key-rs.txt (ECDSA256_PUB_KEY; tlv.rs pairs it with root-ec-p256.pem)
//   root-ec-p384.pem      sim/src/ecdsa_pub_key-rs.txt (ECDSAP384_PUB_KEY); equals the public half of root-ec-p384.pem
//   root-ed25519.pem      sim/src/ed25519_pub_key-rs.txt; its SHA-256 c1907fa4... is the KEYHASH printed in §12.2
//   ed25519 key 2         sim/src/ed25519_pub_key_2-rs.txt (ED25519_PUB_KEY_2, the simulator's second Ed25519 test key)
//   enc-rsa2048-priv.pem  public half of enc_key[] in sim/mcuboot-sys/csupport/keys.c (= boot/zephyr/keys.c enc_priv_key)
//   enc-ec256-priv.pem    public half of enc_key[] (MCUBOOT_ENCRYPT_EC256) in sim/mcuboot-sys/csupport/keys.c
//   enc-x25519-priv.pem   public half of enc_key[] (MCUBOOT_ENCRYPT_X25519) in sim/mcuboot-sys/csupport/keys.c
// The private halves of all of these are public, so anything signed with them (or encrypted for them) is not protected.
using System.Security.Cryptography;
using McuBoot.Diagnostics;
using McuBoot.Image;
using McuBoot.Keys;

namespace McuBoot.Checks;

/// <summary>
/// Recognises MCUboot's published development keys (<c>root-*.pem</c>, <c>enc-*.pem</c> in the MCUboot repository),
/// whose private keys anyone can download. Zephyr and NCS silently fall back to them when no key is configured
/// (partition-layouts-and-manifests.md §A.4, §D #3/#8), which is why signing with one gives a coded warning.
/// </summary>
public static class DevelopmentKeys
{
    private const string Repo = "mcu-tools/mcuboot";

    private static readonly DevelopmentKey[] Keys =
    [
        Key("root-rsa-2048.pem", KeyType.Rsa2048, false, "sim/src/rsa_pub_key-rs.txt",
            "3082010a0282010100d106081a18442c18e8fbfdf70da34f1fbbee5ef9aad24b18d35ae96d188019f9f09c341bcbf3bc74db42e78c7f10537e435e0d572c44d167080f0dbb5ceeecb399dfe04d840baa774160ed152849a701b43c10e6698c2f5fac414d9e5c14dff2f8cf3d1e6fe75bbab4a9c8887e473c94c37767544baa8d3835ca62617eb7e115db7773d4be7b7221896924fbf8656e643ec80ed785d55c4ae4530d2fffb7fdf31339833fa3aed20fa76a9df9feb8cefa2abeafb8e0fa823754f43ee12bd0d3085818f65e4cc8888131ad5fb08217f28a692723f3ab873e931a1dfee8f81a246659f81cabdcce681b666435ecfa0d119daf5c3aa7d167c647efb14b2c62e1d1c90203010001",
            "fc5701dc6135e1323847bdc40f04d2e5bee5833b23c29f93593d00018cfa9994"),
        Key("root-rsa-3072.pem", KeyType.Rsa3072, false, "sim/src/rsa3072_pub_key-rs.txt",
            "3082018a0282018100b42c0e985810a4a758997c01dd082a283433f8961a34205d45c8712625e5d296ea7bb115aaa68a63228b2d4e8173bf6e15688c1af4ef2a8f8c229e71574bde0f7e72d37ab8a71d44ad8700835cfd730572463f8bf91000d86ecc85edf949db783680493876dd5f5404da8c34a72b13256fd1154fadc2e1a5d24e570c7e9c9bba4e68b2e02502aa00d3b4cc2f78e5be47671fc86e226c5e61b69acde5a8ba7a80131b172e96edcfb39be41ce8ada7f63a51665e998e87ee6025f88dbecea4a8ca936cd7bfd473338d4485cc7330089c4db2aa5a6c6f7babb7b37cc3fbe7cac4f89a6fcbbb5b82e77ae819fd2f1122fb7f768c6b94a4094fa56a7751eba77eda8706eedcbed1ea1a401d1bff1ab1517c12b0f3f683019ce70c99bfac685872a4b05985ee85ac2a22f4cf1508801f0dd01ea0a094c8f7fa65dd52e8963723305736e69df40c4a05751fad01cab76d8c4374060a81f30162fff7f55fafe72b0ef881b565dd01d99f07178a18cf236e886591b57bd3b02daf93666374ac5ae673de3b0203010001",
            "449793fb65cd7698753d5b3f35fab15f1e3a45111ff24e1d46741de5ae12d59e"),
        Key("root-ec-p256.pem", KeyType.EcdsaP256, false, "sim/src/ecdsa_pub_key-rs.txt",
            "3059301306072a8648ce3d020106082a8648ce3d030107034200042acb403ce8feed5ba44995a1a91daee8dbbe1937cd14fb2f245737e5953988d994b9d65aebd7cdd5308ad6fe48b24a6a810ee5f07d8b6834cc3a6afc538efac1",
            "e30466f6b8470c1f29070b17f1e2d3e94d445e3f608087fdc711e4382bb538b6"),
        Key("root-ec-p384.pem", KeyType.EcdsaP384, false, "sim/src/ecdsa_pub_key-rs.txt",
            "3076301006072a8648ce3d020106052b81040022036200040c76caae723aa5e8f0d4f116b502ef77a11b936178c009267b3b409cee4985e0c94fe7f2ba976cf38265142cf50c73334d32e79bd342cc955ae5e2f5f46e45e0ed20355caf523581d4dc9ce39e223efb3f2210da700337ada8f248fe3a6069a5",
            "6bcd1e16d80e5fe13a5307e6f1de8344c7e50e537d9962ce35ef6db5e642fae8"),
        Key("root-ed25519.pem", KeyType.Ed25519, false, "sim/src/ed25519_pub_key-rs.txt",
            "302a300506032b6570032100d4b31ba49a3add3f825d10ca7f31b50b0de87f37ccc49f1a403a5c1320ffb4e0",
            "c1907fa4eac7fae3840a78902b6f0710b037e9968e5c6274a12a28790c7d4e3c"),
        Key("MCUboot simulator Ed25519 key 2", KeyType.Ed25519, false, "sim/src/ed25519_pub_key_2-rs.txt",
            "302a300506032b6570032100c3bcdf30764e1f5db40d892e0d0eab049c30064e79a8edb6f7792e469a26da77",
            "6754edab1e29affef4a05935adecbeb1a7b8b62397b31e39a61b5bfcaafd63af"),
        Key("enc-rsa2048-priv.pem", KeyType.Rsa2048, true, "sim/mcuboot-sys/csupport/keys.c",
            "3082010a0282010100b42614493d16133a6d9c84a98b6a102061ef4804a44b24f30032ac22e030277018e555c8b8053403b0f8a596d24858ef70b009dbe35862ef996301b289c4b3f69e62bf4dc28ad0c94d43a3d8e51dec626308e220a5fc78d03e74c8a41b36ad7bf506ae4d519b40ce304f6ceaf9e974ea06ee9ce4146820b93de711148b25a3ff4c8af353ee6b3eef34cd6a3f6268c0ff784cb0c3e69661fc1f18f17a82e28f35a82b8616a446fbac7e41db0205916ddfc1de13959cf99e5e72baa72593fbdce8ab864588472dedeeee979ece5d9b0404407ccb7c3d2c74aba4cc64a35c953dd4a2dc92b2c818cbf90039818f8f40c2df9929ac8ac23bd8a4f2adaf74c011c7990203010001",
            "5ac4d62dc5efbed57e705f61b5f2df8e2b73ec5a573c1582144e38131f4c62d7"),
        Key("enc-ec256-priv.pem", KeyType.EcdsaP256, true, "sim/mcuboot-sys/csupport/keys.c",
            "3059301306072a8648ce3d020106082a8648ce3d030107034200048a44730094c98027310d23366be9699fcbc57cc8441a93e6ee7d86a6ae5e937274d9e15a1c9b651a2b61412802738412973a2da2a0677702da671a4bddd771cc",
            "3c23fc4e1d332a0c86e6a8bf6ecf26046d702302e135bf53fc04a009a33a78c5"),
        Key("enc-x25519-priv.pem", KeyType.X25519, true, "sim/mcuboot-sys/csupport/keys.c",
            "302a300506032b656e032100a67adf53596f73a9f8e479ac0baa20c2f98992ff9696d7a1c770b1618b2a0f70",
            "9a1dc1eb80199d8498f2a75dde0a7b75216e8302bf3a12bd04f153f48f3f24a0"),
    ];

    /// <summary>Every known published key.</summary>
    public static IReadOnlyList<DevelopmentKey> All => Keys;

    /// <summary>True when <paramref name="publicKeyBytes"/> (the §4.5 bytes) belong to a published MCUboot test key.</summary>
    public static bool IsPublishedTestKey(ReadOnlySpan<byte> publicKeyBytes) => Find(publicKeyBytes) is not null;

    /// <summary>The published key with these §4.5 public-key bytes, or null.</summary>
    public static DevelopmentKey? Find(ReadOnlySpan<byte> publicKeyBytes)
    {
        if (publicKeyBytes.IsEmpty)
        {
            return null;
        }

        string hash = Convert.ToHexStringLower(SHA256.HashData(publicKeyBytes));
        return Keys.FirstOrDefault(k => k.Sha256 == hash);
    }

    /// <summary>
    /// The published key whose hash (SHA-256, SHA-384 or SHA-512 of its §4.5 bytes) is <paramref name="keyHash"/>, as in a
    /// KEYHASH TLV; a truncated KEYHASH of at least 16 bytes matches as a prefix (as bootutil compares it). Null when none.
    /// </summary>
    public static DevelopmentKey? FindByKeyHash(ReadOnlySpan<byte> keyHash)
    {
        if (keyHash.Length < 16)
        {
            return null;
        }

        foreach (var key in Keys)
        {
            foreach (var alg in (ReadOnlySpan<ImageHashAlgorithm>)[ImageHashAlgorithm.Sha256, ImageHashAlgorithm.Sha384, ImageHashAlgorithm.Sha512])
            {
                if (keyHash.Length <= alg.DigestLength() && alg.Hash(key.PublicKeyBytes).AsSpan().StartsWith(keyHash))
                {
                    return key;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The coded warning (<see cref="ErrorCodes.DevelopmentKeyUsed"/>) for signing, or configuring a bootloader, with
    /// <paramref name="publicKeyBytes"/>; null when the key is not a published one. <paramref name="keyFile"/> names the key.
    /// </summary>
    public static McuBootWarning? UsageWarning(ReadOnlySpan<byte> publicKeyBytes, string? keyFile)
        => Find(publicKeyBytes) is { } key ? Warning(key, keyFile) : null;

    /// <summary>
    /// Like <see cref="UsageWarning"/>, for callers that only have the key's hash (e.g. the SHA-256 a signing job reports,
    /// or a KEYHASH TLV): null when it is not the hash of a published key.
    /// </summary>
    public static McuBootWarning? UsageWarningForKeyHash(ReadOnlySpan<byte> keyHash, string? keyFile)
        => FindByKeyHash(keyHash) is { } key ? Warning(key, keyFile) : null;

    private static McuBootWarning Warning(DevelopmentKey key, string? keyFile)
    {
        string what = keyFile is null ? "The key" : $"The key {keyFile}";
        string role = key.IsEncryptionKey ? "encryption" : "signing";
        return new McuBootWarning(
            ErrorCodes.DevelopmentKeyUsed,
            $"{what} is {key.Name}, one of MCUboot's published {role} test keys (its private key is in the MCUboot repository, SHA-256 {key.Sha256}): anyone can sign images a bootloader with this key accepts; make your own with: dotnet mcuboot keygen -k KEY.pem -t {TypeName(key.KeyType)}, then: dotnet mcuboot bootloader-config -k KEY.pem -o DIR.",
            keyFile);
    }

    /// <summary>The <c>keygen -t</c> name of a key type.</summary>
    internal static string TypeName(KeyType type) => type switch
    {
        KeyType.Rsa2048 => "rsa-2048",
        KeyType.Rsa3072 => "rsa-3072",
        KeyType.EcdsaP256 => "ecdsa-p256",
        KeyType.EcdsaP384 => "ecdsa-p384",
        KeyType.Ed25519 => "ed25519",
        _ => "x25519",
    };

    private static DevelopmentKey Key(string name, KeyType type, bool encryption, string path, string publicHex, string sha256)
        => new(name, type, encryption, Convert.FromHexString(publicHex), sha256, $"{Repo} {path}");
}
