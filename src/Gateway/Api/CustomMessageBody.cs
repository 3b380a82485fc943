namespace Fleet.Gateway.Api;

/// <summary>Body of <c>POST /api/agents/{uid}/custom-messages</c>: data as base64, or text (sent as UTF-8).</summary>
public sealed record CustomMessageBody(string? Capability, string? Type, string? Data, string? Text);
