using McuBoot.Image;

namespace McuBoot.Build.Tests.Core;

public sealed class ProjectVersionTests
{
    [Theory]
    [InlineData("1.2.3", "1.2.3+0", false)]
    [InlineData("1.2.3+4", "1.2.3+4", false)]
    [InlineData("1.2.3.4", "1.2.3+4", true)]
    [InlineData("1.2.3-beta.1", "1.2.3+0", true)]
    [InlineData("1.2.3-beta.1+abcdef", "1.2.3+0", true)]
    [InlineData("1.2.3-rc.2+17", "1.2.3+17", true)]
    [InlineData("01.02.003", "1.2.3+0", true)]
    [InlineData("2", "2.0.0+0", false)]
    public void ConvertsProjectVersions(string text, string expected, bool adjusted)
    {
        Assert.True(ProjectVersion.TryConvert(text, out var version, out var adjustment, out _));
        Assert.Equal(expected, version.ToString());
        Assert.Equal(adjusted, adjustment is not null);
    }

    [Theory]
    [InlineData("v1.2.3")]
    [InlineData("1.2.3.4.5")]
    [InlineData("256.0.0")]
    [InlineData("1.2.65536")]
    [InlineData("1.x.3")]
    [InlineData("")]
    public void RefusesWhatIsNoMcuBootVersion(string text)
    {
        Assert.False(ProjectVersion.TryConvert(text, out _, out _, out var reason));
        Assert.NotEmpty(reason);
    }

    [Fact]
    public void AdjustmentSaysWhatWasDropped()
    {
        Assert.True(ProjectVersion.TryConvert("1.0.0-alpha+sha.5114f85", out var version, out var adjustment, out _));
        Assert.Equal(new ImageVersion(1, 0, 0, 0), version);
        Assert.Contains("prerelease '-alpha'", adjustment);
        Assert.Contains("build metadata '+sha.5114f85'", adjustment);
    }
}
