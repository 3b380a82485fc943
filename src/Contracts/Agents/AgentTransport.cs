namespace Fleet.Contracts.Agents;

[GenerateSerializer, Alias("fleet.agent-transport")]
public enum AgentTransport
{
    WebSocket = 0,
    Http = 1,
}
