using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Fleet.Hosting.Telemetry;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Fleet.Benchmarks;

/// <summary>
/// What the gateway's per-message observability costs when nothing is logged: the span each agent
/// message gets (as <c>MessageTracing</c> starts it, with OpenTelemetry listening as in production,
/// plus the traceparent Orleans formats to propagate it), against the alternative of a logging
/// scope carrying the agent uid.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class MessageObservabilityBenchmarks
{
    private static readonly Func<ILogger, Guid, IDisposable?> AgentScope = LoggerMessage.DefineScope<Guid>("Agent {AgentUid}");
    private readonly Guid _uid = Guid.CreateVersion7();
    private TracerProvider? _tracing;
    private ILoggerFactory? _loggers;
    private ILogger _logger = null!;

    [GlobalSetup]
    public void Setup()
    {
        _tracing = Sdk.CreateTracerProviderBuilder().AddSource(FleetTelemetry.ActivitySourceName).Build();
        // Console with scopes, as Fleet:Logging:Format=json sets it up; nothing is written at Warning.
        _loggers = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Warning).AddJsonConsole(o => o.IncludeScopes = true));
        _logger = _loggers.CreateLogger("bench");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _tracing?.Dispose();
        _loggers?.Dispose();
    }

    [Benchmark(Description = "span per message (start, 2 tags, traceparent, stop)")]
    public string? SpanPerMessage()
    {
        using var activity = FleetTelemetry.ActivitySource.StartActivity("opamp.message", ActivityKind.Server);
        activity?.SetTag("opamp.transport", "websocket");
        activity?.SetTag("fleet.agent_uid", _uid);
        return activity?.Id;
    }

    [Benchmark(Description = "logging scope with the agent uid (begin, dispose)")]
    public void ScopePerMessage()
    {
        using var scope = AgentScope(_logger, _uid);
    }
}
