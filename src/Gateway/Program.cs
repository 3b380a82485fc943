using Fleet.Gateway;
using Microsoft.Extensions.Options;

// With no configuration this is the embedded default: an in-process silo, OpAMP on :4320, API on :4321.
try
{
    await GatewayApp.Build(args).RunAsync();
    return 0;
}
catch (OptionsValidationException e)
{
    // Settings that would start the gateway wrong: say what to fix and exit, not crash with a stack trace.
    Console.Error.WriteLine($"Fleet gateway not started: invalid settings ({e.OptionsType.Name}):");
    foreach (var failure in e.Failures)
    {
        Console.Error.WriteLine($"  {failure}");
    }
    return 1;
}
