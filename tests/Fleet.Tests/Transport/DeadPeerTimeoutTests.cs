using System.Net.Sockets;
using Fleet.Gateway.Transport;

namespace Fleet.Tests.Transport;

public class DeadPeerTimeoutTests
{
    [Fact]
    public void Apply_NewSocket_KernelHoldsTheTimeout()
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        Assert.Equal(TimeSpan.Zero, DeadPeerTimeout.Read(socket));

        DeadPeerTimeout.Apply(socket, TimeSpan.FromSeconds(7));

        Assert.Equal(TimeSpan.FromSeconds(7), DeadPeerTimeout.Read(socket));
    }
}
