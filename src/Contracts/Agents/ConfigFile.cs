namespace Fleet.Contracts.Agents;

/// <summary>One config file: its text and content type (e.g. text/yaml).</summary>
[GenerateSerializer, Immutable, Alias("fleet.config-file")]
public sealed record ConfigFile(
    [property: Id(0)] string Body,
    [property: Id(1)] string ContentType);
