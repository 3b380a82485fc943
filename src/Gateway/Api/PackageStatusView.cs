namespace Fleet.Gateway.Api;

public sealed record PackageStatusView(
    string Name,
    string? AgentHasVersion,
    string? ServerOfferedVersion,
    string Status,
    string? ErrorMessage);
