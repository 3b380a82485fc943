namespace Fleet.LoadTest.Options;

/// <summary>Which OpAMP transport the simulated agents use.</summary>
public enum TransportChoice
{
    WebSocket,
    Http,

    /// <summary>Every other agent: even indices WebSocket, odd indices HTTP.</summary>
    Mixed,
}
