using McuBoot.Diagnostics;
using McuBoot.IO;

namespace McuBoot.Tests.IO;

public class IntegerLiteralTests
{
    [Theory]
    [InlineData("0x200", 512)]
    [InlineData("0X200", 512)]
    [InlineData("512", 512)]
    [InlineData("0o1000", 512)]
    [InlineData("0O1000", 512)]
    [InlineData("0b1000000000", 512)]
    [InlineData("0B1", 1)]
    [InlineData("0", 0)]
    [InlineData("00", 0)]
    [InlineData("0_0", 0)]
    [InlineData("1_000", 1000)]
    [InlineData("0x_ff", 255)]
    [InlineData("0xdead_BEEF", 0xDEADBEEF)]
    [InlineData("-5", -5)]
    [InlineData("+5", 5)]
    [InlineData("-0x10", -16)]
    [InlineData(" 42\t", 42)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    public void Parse_AcceptsPythonLiterals(string text, long expected)
    {
        Assert.Equal(expected, IntegerLiteral.Parse(text, "-x/--hex-addr"));
    }

    [Theory]
    [InlineData("0200")]
    [InlineData("007")]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("0x")]
    [InlineData("0x_")]
    [InlineData("0x__1")]
    [InlineData("1__0")]
    [InlineData("_1")]
    [InlineData("1_")]
    [InlineData("0b2")]
    [InlineData("0o8")]
    [InlineData("0x1g")]
    [InlineData("1e3")]
    [InlineData("1.0")]
    [InlineData("--1")]
    [InlineData("+-1")]
    [InlineData("- 1")]
    [InlineData("0x-1")]
    [InlineData("0_x1")]
    [InlineData("abc")]
    public void TryParse_RejectsWhatPythonRejects(string text)
    {
        Assert.False(IntegerLiteral.TryParse(text, out _));
        var e = Assert.Throws<McuBootException>(() => IntegerLiteral.Parse(text, "-H/--header-size"));
        Assert.Equal(ErrorCodes.InvalidNumber, e.Code);
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
    }

    [Fact]
    public void InvalidLiteral_MessageMatchesImgtool()
    {
        var e = Assert.Throws<McuBootException>(() => IntegerLiteral.ParseUInt32("0200", "-H/--header-size"));
        Assert.Equal(
            "Invalid value for '-H' / '--header-size': 0200 is not a valid integer. Please use code literals prefixed with 0b/0B, 0o/0O, or 0x/0X as necessary.",
            e.Message);
    }

    [Fact]
    public void RangeHelpers_AcceptBoundsAndRejectOutside()
    {
        Assert.Equal(ushort.MaxValue, IntegerLiteral.ParseUInt16("0xFFFF", "--align"));
        Assert.Equal(uint.MaxValue, IntegerLiteral.ParseUInt32("0xFFFF_FFFF", "-S/--slot-size"));
        Assert.Equal(ulong.MaxValue, IntegerLiteral.ParseUInt64("0xFFFFFFFFFFFFFFFF", "--x"));
        Assert.Equal(32u, IntegerLiteral.ParseUInt32("0x20", "-H/--header-size", 32, uint.MaxValue));

        var e = Assert.Throws<McuBootException>(() => IntegerLiteral.ParseUInt16("0x10000", "--align"));
        Assert.Equal(ErrorCodes.InvalidNumber, e.Code);
        Assert.Equal("Invalid value for '--align': 0x10000 is not in the range 0<=x<=65535 (0x0..0xFFFF).", e.Message);

        e = Assert.Throws<McuBootException>(() => IntegerLiteral.ParseUInt32("-1", "-S/--slot-size"));
        Assert.Contains("'-S' / '--slot-size'", e.Message, StringComparison.Ordinal);
        Assert.Contains("0<=x<=4294967295", e.Message, StringComparison.Ordinal);

        Assert.Throws<McuBootException>(() => IntegerLiteral.ParseUInt32("0x100000000", "-S"));
        e = Assert.Throws<McuBootException>(() => IntegerLiteral.ParseUInt32("16", "-H/--header-size", 32, uint.MaxValue));
        Assert.Contains("32<=x<=4294967295", e.Message, StringComparison.Ordinal);
        Assert.Throws<McuBootException>(() => IntegerLiteral.Parse("9223372036854775808", "-x"));
    }

    [Theory]
    [InlineData("-H/--header-size", "'-H' / '--header-size'")]
    [InlineData("--pad-sig", "'--pad-sig'")]
    [InlineData("'-s' / '--security-counter'", "'-s' / '--security-counter'")]
    public void OptionHint_FormatsAsClick(string name, string expected)
    {
        Assert.Equal(expected, IntegerLiteral.FormatOptionHint(name));
    }
}
