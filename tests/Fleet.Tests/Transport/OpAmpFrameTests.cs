using Fleet.Gateway.Transport;

namespace Fleet.Tests.Transport;

public class OpAmpFrameTests
{
    [Fact]
    public void Read_ZeroHeader_DataAfterHeader()
    {
        Assert.Equal(FrameHeader.Zero, OpAmpFrame.Read([0x00, 0x0A, 0x01, 0x02], out var offset, out var header));
        Assert.Equal(1, offset);
        Assert.Equal(0ul, header);
    }

    [Fact]
    public void Read_LegacyFrameStartingWithFieldTag_WholeFrameIsData()
    {
        Assert.Equal(FrameHeader.Legacy, OpAmpFrame.Read([0x0A, 0x10, 0x01], out var offset, out _));
        Assert.Equal(0, offset);
    }

    [Theory]
    [InlineData(new byte[] { 0x01, 0x0A })]
    [InlineData(new byte[] { 0x07 })]
    [InlineData(new byte[] { 0x83, 0x01, 0x0A })]
    public void Read_NonZeroHeader_Unsupported(byte[] frame) =>
        Assert.Equal(FrameHeader.Unsupported, OpAmpFrame.Read(frame, out _, out _));

    [Fact]
    public void Read_EmptyFrame_LegacyEmptyMessage() =>
        Assert.Equal(FrameHeader.Legacy, OpAmpFrame.Read([], out _, out _));
}
