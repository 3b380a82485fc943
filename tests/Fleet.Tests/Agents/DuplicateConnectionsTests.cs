using Fleet.Grains.Agents;

namespace Fleet.Tests.Agents;

public class DuplicateConnectionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void IsDuplicate_FirstStaleSpeaker_False() => Assert.False(DuplicateConnections.IsDuplicate(null, Now));

    [Fact]
    public void IsDuplicate_SecondWithinWindow_True() =>
        Assert.True(DuplicateConnections.IsDuplicate(Now - DuplicateConnections.Window + TimeSpan.FromSeconds(1), Now));

    [Fact]
    public void IsDuplicate_SecondAfterWindow_False() =>
        Assert.False(DuplicateConnections.IsDuplicate(Now - DuplicateConnections.Window, Now));
}
