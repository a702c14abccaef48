using McuBoot.IO;

namespace McuBoot.Tests.IO;

public class MemoryImageTests
{
    [Fact]
    public void FromSegments_SortsMergesAndDropsEmpty()
    {
        var image = MemoryImage.FromSegments(
        [
            new MemorySegment(0x20, new byte[] { 5 }),
            new MemorySegment(0x10, new byte[] { 1, 2 }),
            new MemorySegment(0x30, ReadOnlyMemory<byte>.Empty),
            new MemorySegment(0x12, new byte[] { 3, 4 }),
            new MemorySegment(0x11, new byte[] { 2 }),
        ]);
        Assert.Equal(2, image.Segments.Count);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, image.Segments[0].Data.ToArray());
        Assert.Equal(0x10u, image.MinAddress);
        Assert.Equal(0x21u, image.MaxAddressExclusive);
        Assert.Equal(5, image.DataLength);
        Assert.Equal(0x11, image.FlatLength);
    }

    [Fact]
    public void FromSegments_CopiesInput()
    {
        var data = new byte[] { 1, 2 };
        var image = MemoryImage.FromSegments([new MemorySegment(0, data)]);
        data[0] = 9;
        Assert.Equal(1, image.Flatten()[0]);
    }

    [Fact]
    public void FromSegments_ConflictingOverlap_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => MemoryImage.FromSegments(
            [new MemorySegment(0x10, new byte[] { 1, 2, 3 }), new MemorySegment(0x11, new byte[] { 2, 9 })]));
        Assert.Contains("0x00000012", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Segment_EndingAtTopOfAddressSpace_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MemoryImage.FromBytes(0xFFFFFFFF, [1]));
        var ok = MemoryImage.FromBytes(0xFFFFFFFE, [1]);
        Assert.Equal(0xFFFFFFFFu, ok.MaxAddressExclusive);
    }

    [Fact]
    public void Empty_HasNoAddress()
    {
        Assert.True(MemoryImage.Empty.IsEmpty);
        Assert.Null(MemoryImage.Empty.MinAddress);
        Assert.Equal(0u, MemoryImage.Empty.MaxAddressExclusive);
        Assert.Empty(MemoryImage.FromBytes(5, []).Flatten());
    }
}
