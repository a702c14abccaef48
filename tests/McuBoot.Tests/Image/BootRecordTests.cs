using System.Formats.Cbor;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using McuBoot.Image;
using McuBoot.Tests.Infrastructure;

namespace McuBoot.Tests.Image;

/// <summary>The BOOT_RECORD TLV written and read through System.Formats.Cbor, against imgtool 2.4.0's bytes.</summary>
public sealed class BootRecordTests
{
    private static byte[] ImgtoolRecord()
    {
        var image = ImageReader.Read(File.ReadAllBytes(Path.Combine(TestPaths.Conformance, "expected", "ed25519-boot-record.bin")), "imgtool");
        return image.ProtectedTlvs.Single(t => t.Type == TlvType.BootRecord).Value;
    }

    [Fact]
    public void Imgtools_record_decodes_to_its_claims()
    {
        Assert.True(BootRecord.TryDecode(ImgtoolRecord(), out var claims));
        Assert.Equal("NSPE", claims!.SoftwareType);
        Assert.Equal("1.2.3", claims.Version);
        Assert.Equal("SHA256", claims.MeasurementDescription);
        Assert.Equal(32, claims.SignerId!.Length);
        Assert.Contains(claims.SignerId, b => b != 0);
        Assert.Equal(new byte[32], claims.MeasurementValue);
    }

    [Fact]
    public void Encoding_imgtools_claims_gives_imgtools_bytes()
    {
        var expected = ImgtoolRecord();
        Assert.True(BootRecord.TryDecode(expected, out var claims));
        var ours = BootRecord.Encode(claims!.SoftwareType!, ImageVersion.Parse(claims.Version! + "+4"), claims.SignerId, ImageHashAlgorithm.Sha256);
        Assert.Equal(Convert.ToHexStringLower(expected), Convert.ToHexStringLower(ours));
    }

    [Fact]
    public void Encoding_is_the_shortest_definite_form_in_imgtools_key_order()
    {
        // Hand-assembled RFC 8949 bytes: map(5) {1: "A", 4: "1.2.3", 5: h'0102', 6: "SHA384", 2: h'00'*48}.
        var expected = "a5" + "01" + "6141" + "04" + "65312e322e33" + "05" + "420102" + "06" + "66534841333834" + "02" + "5830" + new string('0', 96);
        var ours = BootRecord.Encode("A", new ImageVersion(1, 2, 3, 9), [1, 2], ImageHashAlgorithm.Sha384);
        Assert.Equal(expected, Convert.ToHexStringLower(ours));
    }

    [Fact]
    public void A_software_type_of_24_utf8_bytes_takes_a_one_byte_length()
    {
        var ours = BootRecord.Encode("ÄÄÄÄÄÄÄÄÄÄÄÄ", new ImageVersion(0, 0, 0, 0), [], ImageHashAlgorithm.Sha256);
        Assert.Equal("a501" + "7818" + string.Concat(Enumerable.Repeat("c384", 12)), Convert.ToHexStringLower(ours)[..(8 + 48)]);
        Assert.True(BootRecord.TryDecode(ours, out var claims));
        Assert.Equal("ÄÄÄÄÄÄÄÄÄÄÄÄ", claims!.SoftwareType);
    }

    [Fact]
    public void Encode_then_decode_keeps_every_claim_and_the_measurement_stays_last()
    {
        var types = Gen.Elements("", "NSPE", "SPE", "app", "radio-core12", "ü");
        var algorithms = Gen.Elements(ImageHashAlgorithm.Sha256, ImageHashAlgorithm.Sha384, ImageHashAlgorithm.Sha512);
        var bytes = Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf();
        var versions = Gen.Choose(0, 255).Two().Zip(Gen.Choose(0, 65535)).Select(t => new ImageVersion((byte)t.Item1.Item1, (byte)t.Item1.Item2, (ushort)t.Item2, 0));
        var cases = types.Zip(algorithms).Zip(bytes.Zip(versions));
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var ((type, algorithm), (signer, version)) = c;
            var record = BootRecord.Encode(type, version, signer, algorithm);
            Assert.True(BootRecord.TryDecode(record, out var claims));
            Assert.Equal(type, claims!.SoftwareType);
            Assert.Equal(version.ToShortString(), claims.Version);
            Assert.Equal(signer, claims.SignerId);
            Assert.Equal(algorithm.TlvName(), claims.MeasurementDescription);
            Assert.Equal(new byte[algorithm.DigestLength()], claims.MeasurementValue);

            // The bootloader overwrites the record's last digest-length bytes with the image hash.
            var reader = new CborReader(record);
            reader.ReadStartMap();
            for (int i = 0; i < 4; i++)
            {
                reader.SkipValue();
                reader.SkipValue();
            }

            Assert.Equal(BootRecord.MeasurementValueKey, reader.ReadInt32());
            Assert.Equal(2 + algorithm.DigestLength(), reader.BytesRemaining); // 0x58 <len> then the digest-length bytes
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Decoding_accepts_any_key_order_indefinite_maps_and_unknown_keys()
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteStartMap(null);
        writer.WriteInt32(BootRecord.MeasurementValueKey);
        writer.WriteByteString([9, 9]);
        writer.WriteInt32(3);
        writer.WriteStartArray(1);
        writer.WriteBoolean(true);
        writer.WriteEndArray();
        writer.WriteInt32(BootRecord.TypeKey);
        writer.WriteTextString("SPE");
        writer.WriteEndMap();
        Assert.True(BootRecord.TryDecode(writer.Encode(), out var claims));
        Assert.Equal("SPE", claims!.SoftwareType);
        Assert.Equal(new byte[] { 9, 9 }, claims.MeasurementValue);
        Assert.Null(claims.Version);
        Assert.Null(claims.SignerId);
        Assert.Equal("sw_type 'SPE', measurement_value 0909", claims.ToString());
    }

    [Theory]
    [InlineData("")] // empty
    [InlineData("80")] // an array, not a map
    [InlineData("a1")] // map(1) without its entry
    [InlineData("a10161")] // text string cut short
    [InlineData("a1016141ff")] // trailing byte after the map
    [InlineData("a1616101")] // text key
    [InlineData("a10102")] // sw_type is not a text string
    [InlineData("a1021801")] // measurement value is not a byte string
    [InlineData("bf0161")] // indefinite map cut short
    public void Malformed_records_are_not_decoded(string hex)
    {
        Assert.False(BootRecord.TryDecode(Convert.FromHexString(hex), out var claims));
        Assert.Null(claims);
    }

    [Fact]
    public void Dumpinfo_shows_the_claims()
    {
        var json = ToolRunner.Run(TestPaths.Conformance, "dumpinfo", "--format", "json", "expected/ed25519-boot-record.bin");
        Assert.True(json.ExitCode == 0, json.Stderr);
        using var doc = JsonDocument.Parse(json.Stdout);
        var tlv = doc.RootElement.GetProperty("tlv_area").GetProperty("tlvs_prot").EnumerateArray().Single(t => t.GetProperty("type").GetInt32() == TlvType.BootRecord);
        var decoded = tlv.GetProperty("decoded").GetString()!;
        Assert.StartsWith("sw_type 'NSPE', version 1.2.3, signer_id ", decoded, StringComparison.Ordinal);
        Assert.EndsWith(", measurement SHA256, measurement_value unset (32 zero bytes, filled by the bootloader)", decoded, StringComparison.Ordinal);

        var human = ToolRunner.Run(TestPaths.Conformance, "dumpinfo", "expected/ed25519-boot-record.bin");
        Assert.Contains("value: sw_type 'NSPE', version 1.2.3", human.Stdout, StringComparison.Ordinal);
    }
}
