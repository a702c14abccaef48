namespace McuBoot.Keys;

/// <summary>How messages name key types: "RSA-2048", "ECDSA P-256", "Ed25519"; with the article, "an Ed25519 key".</summary>
public static class KeyTypeNames
{
    /// <summary>The type's name as people write it: RSA-2048, RSA-3072, ECDSA P-256, ECDSA P-384, Ed25519, X25519.</summary>
    public static string Name(KeyType type) => type switch
    {
        KeyType.Rsa2048 => "RSA-2048",
        KeyType.Rsa3072 => "RSA-3072",
        KeyType.EcdsaP256 => "ECDSA P-256",
        KeyType.EcdsaP384 => "ECDSA P-384",
        KeyType.Ed25519 => "Ed25519",
        KeyType.X25519 => "X25519",
        _ => type.ToString(),
    };

    /// <summary>"an RSA-2048 key", "an Ed25519 key" (every name starts with a vowel sound: "ar", "ee", "ex").</summary>
    public static string WithArticle(KeyType type) => $"an {Name(type)} key";
}
