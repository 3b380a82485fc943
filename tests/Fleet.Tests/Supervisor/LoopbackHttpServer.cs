using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Fleet.Tests.Supervisor;

/// <summary>
/// A real HTTP server (Kestrel) on a free loopback port answering GETs with whatever the test set
/// for each path (404 otherwise), counting requests: a download server or an agent's health endpoint.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (int Status, byte[] Body)> _responses = new();
    private readonly ConcurrentDictionary<string, int> _requests = new();

    private LoopbackHttpServer(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<LoopbackHttpServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new LoopbackHttpServer(builder.Build());
        server._app.Run(server.Answer);
        await server._app.StartAsync();
        server.BaseAddress = new Uri(server._app.Urls.Single());
        return server;
    }

    public void Serve(string path, byte[] body, int status = StatusCodes.Status200OK) => _responses[path] = (status, body);

    public void Serve(string path, int status) => Serve(path, [], status);

    public Uri Url(string path) => new(BaseAddress, path);

    public int Requests(string path) => _requests.GetValueOrDefault(path);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task Answer(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        _requests.AddOrUpdate(path, 1, (_, count) => count + 1);
        if (!_responses.TryGetValue(path, out var response))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        context.Response.StatusCode = response.Status;
        context.Response.ContentLength = response.Body.Length;
        await context.Response.Body.WriteAsync(response.Body);
    }
}
