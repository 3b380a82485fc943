using System.Runtime.InteropServices;
using Fleet.LoadTest.Coordination;
using Fleet.LoadTest.Options;

LoadTestOptions options;
try
{
    options = LoadTestOptionsParser.Parse(args);
}
catch (LoadTestUsageException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine("run with --help for the options");
    return 2;
}

if (options.ShowHelp)
{
    Console.Out.WriteLine(LoadTestOptionsParser.Usage);
    return 0;
}

// Tens of thousands of sockets start at once: let the pool add threads without its usual ramp-up
// delay, so a start storm measures the server and not this process's thread injection.
ThreadPool.GetMinThreads(out var workers, out var io);
ThreadPool.SetMinThreads(Math.Max(workers, Environment.ProcessorCount * 8), io);

if (options.Worker is { } worker)
{
    // Ctrl+C reaches the whole process group: a worker leaves stopping to its parent.
    Console.CancelKeyPress += (_, e) => e.Cancel = true;
    return await WorkerLoop.RunAsync(options, worker);
}

using var interrupted = new CancellationTokenSource();
// The first Ctrl+C or SIGTERM (a script's kill: its background jobs have SIGINT ignored; a Kubernetes
// Job ending) stops early but still disconnects and reports; a second Ctrl+C ends the process.
bool StopEarly(string how)
{
    if (interrupted.IsCancellationRequested)
    {
        return false;
    }
    Console.Error.WriteLine($"{how}: stopping agents and reporting what was measured");
    interrupted.Cancel();
    return true;
}
Console.CancelKeyPress += (_, e) => e.Cancel = StopEarly("interrupted");
using var terminated = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => context.Cancel = StopEarly("terminated"));
return await new Coordinator(options, args).RunAsync(interrupted.Token);
