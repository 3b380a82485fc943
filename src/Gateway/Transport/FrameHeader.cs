namespace Fleet.Gateway.Transport;

public enum FrameHeader
{
    Zero,
    Legacy,
    Unsupported,
}
