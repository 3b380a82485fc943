namespace Fleet.Gateway.Limits;

/// <summary>
/// Request and message rates the gateway accepts (section "Fleet:Gateway:Limits"). A rate of 0
/// turns that limit off. Per-IP limits see the load balancer's address unless it is listed in
/// Fleet:Gateway:TrustedProxies; a load test from one address must raise or disable them.
/// </summary>
public sealed class LimitOptions
{
    public const string Section = "Fleet:Gateway:Limits";

    /// <summary>
    /// OpAMP requests (WebSocket upgrades and plain-HTTP POSTs) per second from one client address.
    /// 6000 HTTP agents polling every 30 s behind one NAT stay under it.
    /// </summary>
    public int OpAmpRequestsPerSecondPerIp { get; set; } = 200;

    /// <summary>OpAMP requests one client address may make at once before the per-second rate applies.</summary>
    public int OpAmpBurstPerIp { get; set; } = 400;

    /// <summary>Management API requests (/api/…) per second from one client address.</summary>
    public int ApiRequestsPerSecondPerIp { get; set; } = 50;

    public int ApiBurstPerIp { get; set; } = 100;

    /// <summary>
    /// Largest management API request body (JSON: configs, profiles, settings); 0 turns the cap off.
    /// Package files have their own limit (Fleet:Gateway:MaxMessageBytes).
    /// </summary>
    public long ApiMaxRequestBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>AgentToServer messages per second on one WebSocket (agents send one per heartbeat or status change).</summary>
    public int WebSocketMessagesPerSecond { get; set; } = 20;

    public int WebSocketMessageBurst { get; set; } = 100;

    /// <summary>A WebSocket whose messages are refused more often than this within <see cref="WebSocketRefusalWindow"/> is closed with 1008.</summary>
    public int WebSocketRefusalsBeforeClose { get; set; } = 100;

    public TimeSpan WebSocketRefusalWindow { get; set; } = TimeSpan.FromSeconds(10);
}
