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
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl+C: stop early but still disconnect and report; a second one ends the process.
    if (!interrupted.IsCancellationRequested)
    {
        e.Cancel = true;
        Console.Error.WriteLine("interrupted: stopping agents and reporting what was measured");
        interrupted.Cancel();
    }
};
// SIGTERM (a script's kill, a Kubernetes Job ending) stops the same way: a background job started by
// a script has SIGINT ignored, and the report is what it ran for.
using var terminated = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    if (!interrupted.IsCancellationRequested)
    {
        context.Cancel = true;
        Console.Error.WriteLine("terminated: stopping agents and reporting what was measured");
        interrupted.Cancel();
    }
});
return await new Coordinator(options, args).RunAsync(interrupted.Token);
