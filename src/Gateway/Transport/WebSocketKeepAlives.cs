using System.Buffers;
using System.Net.WebSockets;
using Fleet.Gateway.Hosting;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Transport;

/// <summary>
/// The keep-alive pongs of every WebSocket taken on the connection (<see cref="ConnectionWebSockets"/>),
/// from one timer per gateway. A WebSocket's own keep-alive is a runtime timer per socket, and the
/// runtime walks its list of long timers three times a second: ~9 % of the CPU of a gateway holding
/// 10k idle agents, the same in each of a cluster's gateways (docs/benchmarks.md). Here the sockets sit
/// in <see cref="Slots"/> groups; each tick visits one group, so each socket is visited once per
/// interval, and gets a pong only when nothing else was written to it since the last visit.
/// </summary>
/// <remarks>
/// Only in <see cref="WebSocketKeepAliveMode.Pong"/> mode: a ping's pong has to be awaited and timed,
/// which the WebSocket does itself (<see cref="WebSocketTransport.ServerSocketOptions"/> leaves it its timer).
/// </remarks>
public sealed class WebSocketKeepAlives : IDisposable
{
    public const int Slots = 20;

    private readonly HashSet<Entry>[] _slots = new HashSet<Entry>[Slots];
    private readonly ITimer? _timer;
    private readonly long _intervalMs;
    private int _nextSlot;
    private int _turn;
    private int _sweeping;

    public WebSocketKeepAlives(IOptions<GatewayOptions> options, TimeProvider clock)
    {
        for (var i = 0; i < Slots; i++)
        {
            _slots[i] = [];
        }
        var settings = options.Value;
        var interval = settings.WebSocketKeepAlive;
        Enabled = settings.WebSocketKeepAliveMode == WebSocketKeepAliveMode.Pong && interval > TimeSpan.Zero;
        if (Enabled)
        {
            _intervalMs = (long)interval.TotalMilliseconds;
            var tick = interval / Slots;
            _timer = clock.CreateTimer(_ => Sweep(Environment.TickCount64), null, tick, tick);
        }
    }

    /// <summary>True when this sends the pongs: sockets are then created without a keep-alive of their own.</summary>
    public bool Enabled { get; }

    /// <summary>Sockets tracked (for tests and metrics).</summary>
    public int Count
    {
        get
        {
            var count = 0;
            foreach (var slot in _slots)
            {
                lock (slot)
                {
                    count += slot.Count;
                }
            }
            return count;
        }
    }

    /// <summary>Keeps <paramref name="socket"/> alive through <paramref name="stream"/> until the result is disposed.</summary>
    public IDisposable? Track(WebSocket socket, DuplexPipeStream stream)
    {
        if (!Enabled)
        {
            return null;
        }
        var entry = new Entry(socket, stream, _slots[(int)((uint)Interlocked.Increment(ref _nextSlot) % Slots)]);
        lock (entry.Slot)
        {
            entry.Slot.Add(entry);
        }
        return entry;
    }

    /// <summary>One tick at <paramref name="nowMs"/> (<see cref="Environment.TickCount64"/>): the next group's quiet, open sockets get a pong.</summary>
    internal int Sweep(long nowMs)
    {
        if (Interlocked.Exchange(ref _sweeping, 1) != 0)
        {
            return 0; // the last tick is still running (a box this busy gains nothing from two)
        }
        try
        {
            var slot = _slots[_turn];
            _turn = (_turn + 1) % Slots;
            Entry[] batch;
            int count;
            lock (slot)
            {
                count = slot.Count;
                batch = ArrayPool<Entry>.Shared.Rent(Math.Max(count, 1));
                slot.CopyTo(batch);
            }
            // Written to within the last interval, less half a tick for timer jitter: alive already.
            var quietSince = nowMs - _intervalMs + _intervalMs / Slots / 2;
            var sent = 0;
            for (var i = 0; i < count; i++)
            {
                var entry = batch[i];
                if (entry.Socket.State == WebSocketState.Open && entry.Stream.TrySendKeepAlive(quietSince))
                {
                    sent++;
                }
            }
            ArrayPool<Entry>.Shared.Return(batch, clearArray: true);
            return sent;
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    public void Dispose() => _timer?.Dispose();

    /// <summary>One tracked socket; disposing it stops its keep-alive.</summary>
    private sealed class Entry(WebSocket socket, DuplexPipeStream stream, HashSet<Entry> slot) : IDisposable
    {
        public WebSocket Socket => socket;
        public DuplexPipeStream Stream => stream;
        public HashSet<Entry> Slot => slot;

        public void Dispose()
        {
            lock (slot)
            {
                slot.Remove(this);
            }
        }
    }
}
