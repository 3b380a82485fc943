namespace Fleet.Gateway.Transport;

/// <summary>What <see cref="UpgradeRequest.TryParse"/> made of the bytes read so far.</summary>
public enum UpgradeParse
{
    /// <summary>Could still become an OpAMP WebSocket upgrade: read more.</summary>
    Incomplete,

    /// <summary>Some other request (or one this reader will not vouch for): Kestrel takes the connection.</summary>
    Declined,

    /// <summary>A well-formed OpAMP WebSocket upgrade.</summary>
    Parsed,
}
