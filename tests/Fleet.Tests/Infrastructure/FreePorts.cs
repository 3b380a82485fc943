using System.Net;
using System.Net.Sockets;

namespace Fleet.Tests.Infrastructure;

public static class FreePorts
{
    /// <summary>
    /// Ports free right now (bound together, then released), chosen below the kernel's ephemeral range:
    /// a port the kernel handed out for a bind to :0 is also where it puts the local end of outgoing
    /// connections, and the suite opens thousands of those; one took a fixture's port between its
    /// release and the gateway's bind ("address already in use"). Below the range only another test's
    /// explicit choice can take it, and the choice is random.
    /// </summary>
    public static int[] Take(int count)
    {
        var (low, _) = EphemeralRange();
        var floor = Math.Min(10_000, low / 2);
        var listeners = new List<TcpListener>();
        try
        {
            for (var attempts = 0; listeners.Count < count; attempts++)
            {
                if (attempts > 1_000)
                {
                    throw new InvalidOperationException($"no {count} free ports found below {low}");
                }
                var listener = new TcpListener(IPAddress.Loopback, Random.Shared.Next(floor, low));
                try
                {
                    listener.Start();
                    listeners.Add(listener);
                }
                catch (SocketException)
                {
                    // taken: pick another
                }
            }
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }

    private static (int Low, int High) EphemeralRange()
    {
        try
        {
            var parts = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return (int.Parse(parts[0]), int.Parse(parts[1]));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return (32_768, 60_999); // Linux's default
        }
    }
}
