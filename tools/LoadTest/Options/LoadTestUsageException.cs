namespace Fleet.LoadTest.Options;

/// <summary>The command line could not be understood; the message says which argument and why.</summary>
public sealed class LoadTestUsageException(string message) : Exception(message);
