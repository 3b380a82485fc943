using System.Globalization;
using System.Net;

namespace Fleet.LoadTest.Options;

/// <summary>
/// Turns the command line into <see cref="LoadTestOptions"/>. Pure: no I/O, so it is tested directly.
/// Accepts "--name value" and "--name=value"; repeatable options (--url, --header, --server-pid,
/// --server-pid-file) add up.
/// </summary>
public static class LoadTestOptionsParser
{
    public const string Usage = """
        Fleet OpAMP load generator

        Usage: dotnet run -c Release --project tools/LoadTest -- [options]

        Agents
          --agents N                 simulated agents (default 100)
          --transport ws|http|mixed  OpAMP transport (default ws; mixed alternates)
          --url URL                  OpAMP endpoint; repeat to spread agents round-robin
                                     (default ws://127.0.0.1:4320/v1/opamp; wss/https for TLS)
          --ramp N                   agents started per second; 0 = all at once (default 0)
          --heartbeat DURATION       heartbeat / poll interval (default 30s)
          --ignore-heartbeat-offer   keep --heartbeat even when the server offers another
          --no-jitter                do not spread heartbeats over the interval (by default each
                                     agent shifts its phase once and varies every wait by ±10%)
          --config-bytes N           size of the effective config each agent reports (default 1024)
          --status-rate N            health changes per second across all agents (default 0)
          --fail-fraction F          fraction 0..1 of remote configs reported FAILED (default 0)
          --header K=V               request header on the upgrade / every POST; repeatable
          --gzip                     gzip HTTP request bodies
          --ca-file PEM              trust this CA (or self-signed server certificate) for wss/https
                                     and the --api URL, besides the system's roots
          --shared-http-connections  HTTP agents share connection pools (default: one connection each)
          --receive-buffer N         initial WebSocket receive buffer per agent (default 1024)
          --ws-keepalive DURATION    unsolicited WebSocket pong from each agent this often; 0 = none
                                     (default 0: the server's pings keep the sockets alive)

        Scale-out
          --workers K                spread agents over K child processes (default 1 = this process)
          --source-addresses SPEC    bind local addresses round-robin: 127.0.0.2-127.0.0.20,
                                     a comma list, or a count N (127.0.0.1 .. 127.0.0.N)

        Run
          --settle DURATION          pause after all connected before measuring again (default 10s)
          --duration DURATION        hold connections this long after settling, timing heartbeats (default 0)
          --connect-timeout DURATION wait at most this long for all first replies (default 120s)
          --attempt-timeout DURATION one connect attempt (default 30s)
          --reconnect-min DURATION   first reconnect backoff (default 1s)
          --reconnect-max DURATION   largest reconnect backoff (default 30s)
          --push-config              after holding, PUT a new config for every agent and time it
          --push-profile NAME        after holding, roll out a new config to every agent as one version
                                     of profile NAME (created or redefined: selects this run's agents,
                                     one batch) and time it until the rollout counts all APPLIED;
                                     not with --push-config (per-agent configs override profiles)
          --api URL                  management API for --push-config (default http://127.0.0.1:4321)
          --api-key KEY              operator API key or bearer token for --api (sent as Authorization: Bearer)
          --push-concurrency N       parallel PUTs (default 32)
          --push-timeout DURATION    wait at most this long for all APPLIED (default 120s)
          --server-pid PID           sample this process's RSS and CPU time; repeatable
          --server-pid-file PATH     the same for the PID in PATH, read at every sample, so a server
                                     restarted during the run (its PID file rewritten) is followed;
                                     CPU figures across a restart are left out; repeatable
          --run-id HEX               names the agents' instance uids (default random)
          --json                     print the final report as JSON on stdout
          --quiet                    no progress lines

        Durations: 500ms, 10s, 2m, or a plain number of seconds.
        """;

    public static LoadTestOptions Parse(IReadOnlyList<string> args)
    {
        var options = new LoadTestOptions();
        var urls = new List<Uri>();
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var pids = new List<int>();

        for (var i = 0; i < args.Count; i++)
        {
            var (name, inlineValue) = Split(args[i]);
            string Value()
            {
                if (inlineValue is not null)
                {
                    return inlineValue;
                }
                if (i + 1 >= args.Count)
                {
                    throw new LoadTestUsageException($"{name} needs a value");
                }
                return args[++i];
            }

            options = name switch
            {
                "-h" or "--help" => options with { ShowHelp = true },
                "--agents" => options with { Agents = Int(name, Value(), min: 1) },
                "--transport" => options with { Transport = Transport(Value()) },
                "--url" => AddUrl(options, urls, Value()),
                "--ramp" => options with { RampPerSecond = Number(name, Value(), min: 0) },
                "--heartbeat" => options with { Heartbeat = Positive(name, Duration(name, Value())) },
                "--ignore-heartbeat-offer" => options with { IgnoreHeartbeatOffer = true },
                "--no-jitter" => options with { HeartbeatJitter = false },
                "--config-bytes" => options with { ConfigBytes = Int(name, Value(), min: 0) },
                "--status-rate" => options with { StatusChangesPerSecond = Number(name, Value(), min: 0) },
                "--fail-fraction" => options with { FailFraction = Number(name, Value(), min: 0, max: 1) },
                "--header" => AddHeader(options, headers, Value()),
                "--gzip" => options with { Gzip = true },
                "--ca-file" => options with { CaFile = Value() },
                "--shared-http-connections" => options with { SharedHttpConnections = true },
                "--receive-buffer" => options with { ReceiveBufferBytes = Int(name, Value(), min: 1) },
                "--ws-keepalive" => options with { WebSocketKeepAlive = Duration(name, Value()) },
                "--workers" => options with { Workers = Int(name, Value(), min: 1) },
                "--source-addresses" => options with { SourceAddresses = SourceAddresses(Value()) },
                "--duration" => options with { Duration = Duration(name, Value()) },
                "--settle" => options with { Settle = Duration(name, Value()) },
                "--connect-timeout" => options with { ConnectTimeout = Positive(name, Duration(name, Value())) },
                "--attempt-timeout" => options with { AttemptTimeout = Positive(name, Duration(name, Value())) },
                "--reconnect-min" => options with { ReconnectMin = Positive(name, Duration(name, Value())) },
                "--reconnect-max" => options with { ReconnectMax = Positive(name, Duration(name, Value())) },
                "--push-config" => options with { PushConfig = true },
                "--push-profile" => options with { PushProfile = ProfileName(name, Value()) },
                "--api" => options with { Api = AbsoluteUri(name, Value(), "http", "https") },
                "--api-key" => options with { ApiKey = Value() },
                "--push-concurrency" => options with { PushConcurrency = Int(name, Value(), min: 1) },
                "--push-timeout" => options with { PushTimeout = Positive(name, Duration(name, Value())) },
                "--server-pid" => AddPid(options, pids, Value()),
                "--server-pid-file" => options with { ServerPidFiles = [.. options.ServerPidFiles, NonEmpty(name, Value())] },
                "--run-id" => options with { RunId = RunId(Value()) },
                "--json" => options with { Json = true },
                "--quiet" => options with { Quiet = true },
                "--worker" => options with { Worker = Worker(Value()) },
                _ => throw new LoadTestUsageException($"unknown option '{args[i]}' (see --help)"),
            };
        }

        if (options.ReconnectMax < options.ReconnectMin)
        {
            throw new LoadTestUsageException("--reconnect-max must not be below --reconnect-min");
        }
        if (options.PushConfig && options.PushProfile is not null)
        {
            // An agent's own config wins over every profile: after --push-config no agent would take the profile's.
            throw new LoadTestUsageException("--push-config and --push-profile exclude each other (per-agent configs override profiles)");
        }
        if (options.Workers > options.Agents)
        {
            throw new LoadTestUsageException("--workers must not exceed --agents");
        }
        return options;
    }

    /// <summary>The arguments a worker child gets: the parent's own, minus what only the parent does, plus its share.</summary>
    public static IReadOnlyList<string> WorkerArguments(IReadOnlyList<string> parentArgs, WorkerAssignment worker, ulong runId)
    {
        string[] parentOnly = ["--push-profile", "--workers", "--server-pid", "--server-pid-file", "--api", "--api-key", "--push-concurrency", "--push-timeout", "--run-id", "--worker"];
        string[] parentOnlyFlags = ["--json", "--quiet", "--push-config"];
        var result = new List<string>();
        for (var i = 0; i < parentArgs.Count; i++)
        {
            var (name, inlineValue) = Split(parentArgs[i]);
            if (parentOnlyFlags.Contains(name))
            {
                continue;
            }
            if (parentOnly.Contains(name))
            {
                if (inlineValue is null)
                {
                    i++;
                }
                continue;
            }
            result.Add(parentArgs[i]);
        }
        result.AddRange(["--worker", $"{worker.Index}/{worker.Count}", "--run-id", runId.ToString("x", CultureInfo.InvariantCulture)]);
        return result;
    }

    /// <summary>"127.0.0.2-127.0.0.20", "127.0.0.2,127.0.0.3" or a count N meaning 127.0.0.1 .. 127.0.0.N.</summary>
    public static IReadOnlyList<IPAddress> SourceAddresses(string spec)
    {
        if (int.TryParse(spec, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            if (count is < 1 or > 254)
            {
                throw new LoadTestUsageException("--source-addresses count must be between 1 and 254");
            }
            return Enumerable.Range(1, count).Select(n => new IPAddress([127, 0, 0, (byte)n])).ToList();
        }

        var result = new List<IPAddress>();
        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            if (dash < 0)
            {
                result.Add(Address(part));
                continue;
            }
            var first = ToNumber(Address(part[..dash]));
            var last = ToNumber(Address(part[(dash + 1)..]));
            if (last < first || last - first > 65_535)
            {
                throw new LoadTestUsageException($"--source-addresses range '{part}' is empty or too large");
            }
            for (var n = first; n <= last; n++)
            {
                result.Add(new IPAddress([(byte)(n >> 24), (byte)(n >> 16), (byte)(n >> 8), (byte)n]));
            }
        }
        if (result.Count == 0)
        {
            throw new LoadTestUsageException("--source-addresses names no address");
        }
        return result;
    }

    public static TimeSpan Duration(string name, string text)
    {
        text = text.Trim();
        var (number, unit) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.OrdinalIgnoreCase) => (text[..^2], 0.001),
            _ when text.EndsWith('s') || text.EndsWith('S') => (text[..^1], 1.0),
            _ when text.EndsWith('m') || text.EndsWith('M') => (text[..^1], 60.0),
            _ when text.EndsWith('h') || text.EndsWith('H') => (text[..^1], 3600.0),
            _ => (text, 1.0),
        };
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0 || double.IsInfinity(value))
        {
            throw new LoadTestUsageException($"{name}: '{text}' is not a duration (e.g. 500ms, 10s, 2m)");
        }
        return TimeSpan.FromSeconds(value * unit);
    }

    private static (string Name, string? InlineValue) Split(string arg)
    {
        if (arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=', StringComparison.Ordinal) is var eq and > 2)
        {
            return (arg[..eq], arg[(eq + 1)..]);
        }
        return (arg, null);
    }

    private static TransportChoice Transport(string value) => value.ToLowerInvariant() switch
    {
        "ws" or "wss" or "websocket" => TransportChoice.WebSocket,
        "http" or "https" => TransportChoice.Http,
        "mixed" => TransportChoice.Mixed,
        _ => throw new LoadTestUsageException($"--transport must be ws, http or mixed, not '{value}'"),
    };

    private static LoadTestOptions AddUrl(LoadTestOptions options, List<Uri> urls, string value)
    {
        urls.Add(AbsoluteUri("--url", value, "ws", "wss", "http", "https"));
        return options with { Urls = urls.ToList() };
    }

    private static LoadTestOptions AddHeader(LoadTestOptions options, Dictionary<string, string> headers, string value)
    {
        var eq = value.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            throw new LoadTestUsageException($"--header must be NAME=VALUE, not '{value}'");
        }
        headers[value[..eq].Trim()] = value[(eq + 1)..];
        return options with { Headers = new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase) };
    }

    private static LoadTestOptions AddPid(LoadTestOptions options, List<int> pids, string value)
    {
        pids.Add(Int("--server-pid", value, min: 1));
        return options with { ServerPids = pids.ToList() };
    }

    private static Uri AbsoluteUri(string name, string value, params string[] schemes)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || !schemes.Contains(uri.Scheme))
        {
            throw new LoadTestUsageException($"{name}: '{value}' must be an absolute {string.Join("/", schemes)} URL");
        }
        return uri;
    }

    private static string NonEmpty(string name, string value) =>
        !string.IsNullOrWhiteSpace(value) ? value : throw new LoadTestUsageException($"{name} needs a path");

    private static string ProfileName(string name, string value) =>
        value.Length is > 0 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-')
            ? value
            : throw new LoadTestUsageException($"{name}: '{value}' must be 1–64 letters, digits, '_', '.' or '-'");

    private static int Int(string name, string value, int min)
    {
        var cleaned = value.Replace("_", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal);
        if (!int.TryParse(cleaned, NumberStyles.Integer, CultureInfo.InvariantCulture, out var result) || result < min)
        {
            throw new LoadTestUsageException($"{name}: '{value}' must be a whole number ≥ {min}");
        }
        return result;
    }

    private static double Number(string name, string value, double min, double max = double.MaxValue)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var result) || result < min || result > max || double.IsNaN(result))
        {
            throw new LoadTestUsageException($"{name}: '{value}' must be a number between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}");
        }
        return result;
    }

    private static TimeSpan Positive(string name, TimeSpan value) =>
        value > TimeSpan.Zero ? value : throw new LoadTestUsageException($"{name} must be longer than zero");

    private static ulong RunId(string value) =>
        ulong.TryParse(value, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var id) && id <= Agents.AgentIdentity.MaxRunId
            ? id
            : throw new LoadTestUsageException($"--run-id must be at most 12 hex digits, not '{value}'");

    private static WorkerAssignment Worker(string value)
    {
        var parts = value.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || count < 1 || index >= count)
        {
            throw new LoadTestUsageException($"--worker must be INDEX/COUNT, not '{value}'");
        }
        return new WorkerAssignment(index, count);
    }

    private static IPAddress Address(string text) =>
        IPAddress.TryParse(text.Trim(), out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            ? address
            : throw new LoadTestUsageException($"--source-addresses: '{text}' is not an IPv4 address");

    private static uint ToNumber(IPAddress address)
    {
        var b = address.GetAddressBytes();
        return (uint)b[0] << 24 | (uint)b[1] << 16 | (uint)b[2] << 8 | b[3];
    }
}
