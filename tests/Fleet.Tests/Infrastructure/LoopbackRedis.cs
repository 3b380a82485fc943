using System.Diagnostics;
using System.Net.Sockets;

namespace Fleet.Tests.Infrastructure;

/// <summary>A real redis-server of the test's own, on a free loopback port, without persistence.</summary>
public sealed class LoopbackRedis : IAsyncLifetime
{
    private Process? _server;

    public int Port { get; } = FreePorts.Take(1)[0];
    public string ConnectionString => $"127.0.0.1:{Port}";

    public async Task InitializeAsync()
    {
        _server = Process.Start(new ProcessStartInfo("redis-server", ["--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
        })!;
        _ = _server.StandardOutput.ReadToEndAsync();
        await Eventually.True(async () =>
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, $"redis-server listens on {Port}", TimeSpan.FromSeconds(10));
    }

    public Task DisposeAsync()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill();
            _server.WaitForExit();
        }
        _server?.Dispose();
        return Task.CompletedTask;
    }
}
