namespace Fleet.Gateway.Security.Operators;

/// <summary>One API key as the gateway keeps it: its name, the SHA-256 of the key, and its role.</summary>
public sealed record ApiKeyEntry(string Name, byte[] Sha256, OperatorRole Role);
