using System.Buffers.Binary;
using System.Formats.Asn1;
using System.Numerics;
using System.Text;

namespace McuBoot.Tests.Hostile;

/// <summary>
/// Builds the hostile inputs of issue 8 in memory (the same shapes bench/hostile.py measures through the real process):
/// encrypted keys with absurd key-derivation parameters, RSA keys of another inner version, HEX files whose gaps flatten
/// to gigabytes, ELF files with out-of-range indexes or many segments, bootloaders full of key prefixes, YAML bombs.
/// </summary>
internal static class HostileInputs
{
    private const string Pbes2 = "1.2.840.113549.1.5.13";
    private const string Pbkdf2Oid = "1.2.840.113549.1.5.12";
    private const string ScryptOid = "1.3.6.1.4.1.11591.4.11";
    private const string Aes256Cbc = "2.16.840.1.101.3.4.1.42";
    private const string HmacSha256 = "1.2.840.113549.2.9";
    private const string PbeWithSha1And3Des = "1.2.840.113549.1.12.1.3";

    /// <summary>An ENCRYPTED PRIVATE KEY PEM using PBES2/PBKDF2-HMAC-SHA256 with <paramref name="iterations"/>.</summary>
    public static string Pbkdf2Key(BigInteger iterations) => EncryptedKey(w =>
    {
        using (w.PushSequence())
        {
            w.WriteObjectIdentifier(Pbkdf2Oid);
            using (w.PushSequence())
            {
                w.WriteOctetString("salt1234"u8);
                w.WriteInteger(iterations);
                using (w.PushSequence())
                {
                    w.WriteObjectIdentifier(HmacSha256);
                    w.WriteNull();
                }
            }
        }
    });

    /// <summary>An ENCRYPTED PRIVATE KEY PEM using PBES2/scrypt with the given N, r, p.</summary>
    public static string ScryptKey(BigInteger n, BigInteger r, BigInteger p) => EncryptedKey(w =>
    {
        using (w.PushSequence())
        {
            w.WriteObjectIdentifier(ScryptOid);
            using (w.PushSequence())
            {
                w.WriteOctetString("salt1234"u8);
                w.WriteInteger(n);
                w.WriteInteger(r);
                w.WriteInteger(p);
            }
        }
    });

    /// <summary>An ENCRYPTED PRIVATE KEY PEM using PKCS#12 PBE (SHA-1, 3DES) with <paramref name="iterations"/>.</summary>
    public static string Pkcs12PbeKey(BigInteger iterations)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            using (w.PushSequence())
            {
                w.WriteObjectIdentifier(PbeWithSha1And3Des);
                using (w.PushSequence())
                {
                    w.WriteOctetString("salt1234"u8);
                    w.WriteInteger(iterations);
                }
            }

            w.WriteOctetString(new byte[48]);
        }

        return Pem("ENCRYPTED PRIVATE KEY", w.Encode());
    }

    /// <summary>A PKCS#1 RSA PRIVATE KEY PEM whose RSAPrivateKey version is <paramref name="version"/> (real key material).</summary>
    public static string RsaKeyWithVersion(int version, bool pkcs8)
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var der = rsa.ExportRSAPrivateKey();
        var p = rsa.ExportParameters(true);
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            w.WriteInteger(version);
            foreach (var part in new[] { p.Modulus!, p.Exponent!, p.D!, p.P!, p.Q!, p.DP!, p.DQ!, p.InverseQ! })
            {
                w.WriteInteger(new BigInteger(part, isUnsigned: true, isBigEndian: true));
            }
        }

        der = w.Encode();
        if (!pkcs8)
        {
            return Pem("RSA PRIVATE KEY", der);
        }

        var outer = new AsnWriter(AsnEncodingRules.DER);
        using (outer.PushSequence())
        {
            outer.WriteInteger(0);
            using (outer.PushSequence())
            {
                outer.WriteObjectIdentifier("1.2.840.113549.1.1.1");
                outer.WriteNull();
            }

            outer.WriteOctetString(der);
        }

        return Pem("PRIVATE KEY", outer.Encode());
    }

    /// <summary>An Intel HEX file with 16 bytes at each address given (extended linear address records as needed).</summary>
    public static string Hex(params uint[] addresses)
    {
        var text = new StringBuilder();
        foreach (var address in addresses)
        {
            text.Append(Record(4, 0, [(byte)(address >> 24), (byte)(address >> 16)]));
            text.Append(Record(0, (ushort)address, Enumerable.Repeat((byte)0x5a, 16).ToArray()));
        }

        return text.Append(":00000001FF\n").ToString();
    }

    /// <summary>An ELF32 (little-endian) file from raw section headers (10 words) and program headers (8 words).</summary>
    public static byte[] Elf32(IReadOnlyList<uint[]> sections, IReadOnlyList<uint[]> programs, ushort shstrndx = 0)
    {
        const int ehSize = 52;
        int phOff = ehSize;
        int shOff = phOff + (32 * programs.Count);
        var file = new byte[shOff + (40 * sections.Count)];
        new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F' }.CopyTo(file, 0);
        file[4] = 1;
        file[5] = 1;
        file[6] = 1;
        var h = file.AsSpan();
        BinaryPrimitives.WriteUInt16LittleEndian(h[16..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(h[18..], 40);
        BinaryPrimitives.WriteUInt32LittleEndian(h[20..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(h[28..], programs.Count > 0 ? (uint)phOff : 0);
        BinaryPrimitives.WriteUInt32LittleEndian(h[32..], sections.Count > 0 ? (uint)shOff : 0);
        BinaryPrimitives.WriteUInt16LittleEndian(h[40..], ehSize);
        BinaryPrimitives.WriteUInt16LittleEndian(h[42..], 32);
        BinaryPrimitives.WriteUInt16LittleEndian(h[44..], (ushort)programs.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(h[46..], 40);
        BinaryPrimitives.WriteUInt16LittleEndian(h[48..], (ushort)sections.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(h[50..], shstrndx);
        for (int i = 0; i < programs.Count; i++)
        {
            for (int j = 0; j < 8; j++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(h[(phOff + (32 * i) + (4 * j))..], programs[i][j]);
            }
        }

        for (int i = 0; i < sections.Count; i++)
        {
            for (int j = 0; j < 10; j++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(h[(shOff + (40 * i) + (4 * j))..], sections[i][j]);
            }
        }

        return file;
    }

    /// <summary>
    /// About 2 MB of ELF: <paramref name="sections"/> one-byte PROGBITS sections and <paramref name="segments"/> PT_LOAD
    /// segments, no section inside any segment, so a section x segment search visits every pair.
    /// </summary>
    public static byte[] ElfSectionSegmentLoop(int sections = 26_000, int segments = 32_000)
    {
        var programs = Enumerable.Range(0, segments).Select(i => new uint[] { 1, (uint)(0x10 + i), (uint)(0x1000 + i), (uint)(0x1000 + i), 1, 1, 5, 4 }).ToList();
        var headers = new List<uint[]> { new uint[10] };
        headers.AddRange(Enumerable.Range(0, sections).Select(i => new uint[] { 0, 1, 2, (uint)(0x2000 + i), (uint)(0x20000 + (i % 4096)), 1, 0, 0, 1, 0 }));
        return Elf32(headers, programs);
    }

    /// <summary>About <paramref name="size"/> bytes of distinct Ed25519 SubjectPublicKeyInfo blocks.</summary>
    public static byte[] DistinctEd25519Keys(int size = 4 << 20)
    {
        var prefix = Convert.FromHexString("302a300506032b6570032100");
        var data = new byte[size / 44 * 44];
        for (int i = 0, at = 0; at < data.Length; i++, at += 44)
        {
            prefix.CopyTo(data, at);
            for (int j = 0; j < 8; j++)
            {
                BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(at + 12 + (4 * j)), i);
            }
        }

        return data;
    }

    /// <summary>About <paramref name="size"/> bytes of P-256 SPKI prefixes followed by points that are not on the curve.</summary>
    public static byte[] P256Prefixes(int size = 4 << 20)
    {
        var prefix = Convert.FromHexString("3059301306072a8648ce3d020106082a8648ce3d03010703420004");
        var data = new byte[size / 91 * 91];
        for (int i = 0, at = 0; at < data.Length; i++, at += 91)
        {
            prefix.CopyTo(data, at);
            for (int j = 0; j < 16; j++)
            {
                BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(at + 27 + (4 * j)), i);
            }
        }

        return data;
    }

    /// <summary>A YAML document nesting <paramref name="depth"/> flow lists.</summary>
    public static string DeepFlowYaml(int depth) => "a: " + new string('[', depth) + new string(']', depth) + "\n";

    /// <summary>A YAML document nesting <paramref name="depth"/> block mappings.</summary>
    public static string DeepBlockYaml(int depth) => string.Concat(Enumerable.Range(0, depth).Select(i => new string(' ', i) + $"k{i}:\n"));

    /// <summary>Ten levels of anchors, each a mapping whose ten keys are lists holding the previous level (10^10 on expansion).</summary>
    public static string AliasKeyBomb(int levels = 10) => "a0: &a0 {x: 1}\n" + string.Concat(Enumerable.Range(1, levels).Select(i =>
        $"a{i}: &a{i} {{" + string.Join(", ", Enumerable.Range(0, 10).Select(j => $"[*a{i - 1}, {j}]: {j}")) + "}\n"));

    /// <summary>An alias used directly as a mapping key.</summary>
    public static string AliasAsKey() => "base: &b {address: 0x0, size: 0x1000}\nmap: {*b : 1}\n";

    /// <summary>The "billion laughs": nine levels of ten aliases to the previous list.</summary>
    public static string BillionLaughs(int levels = 9) => "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n" + string.Concat(Enumerable.Range(1, levels).Select(i =>
        $"l{i}: &l{i} [" + string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10)) + "]\n"));

    private static string EncryptedKey(Action<AsnWriter> kdf)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            using (w.PushSequence())
            {
                w.WriteObjectIdentifier(Pbes2);
                using (w.PushSequence())
                {
                    kdf(w);
                    using (w.PushSequence())
                    {
                        w.WriteObjectIdentifier(Aes256Cbc);
                        w.WriteOctetString(new byte[16]);
                    }
                }
            }

            w.WriteOctetString(new byte[48]);
        }

        return Pem("ENCRYPTED PRIVATE KEY", w.Encode());
    }

    private static string Pem(string label, byte[] der)
        => $"-----BEGIN {label}-----\n{Convert.ToBase64String(der, Base64FormattingOptions.InsertLineBreaks).Replace("\r", string.Empty, StringComparison.Ordinal)}\n-----END {label}-----\n";

    private static string Record(byte type, ushort address, byte[] data)
    {
        var body = new byte[4 + data.Length];
        body[0] = (byte)data.Length;
        body[1] = (byte)(address >> 8);
        body[2] = (byte)address;
        body[3] = type;
        data.CopyTo(body, 4);
        byte sum = 0;
        foreach (var b in body)
        {
            sum += b;
        }

        return ":" + Convert.ToHexString(body) + ((byte)-sum).ToString("X2", System.Globalization.CultureInfo.InvariantCulture) + "\n";
    }
}
