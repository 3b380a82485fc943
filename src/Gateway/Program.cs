using Fleet.Gateway;

// With no configuration this is the embedded default: an in-process silo, OpAMP on :4320, API on :4321.
await GatewayApp.Build(args).RunAsync();
