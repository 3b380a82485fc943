namespace Fleet.Grains.Packages;

[GenerateSerializer, Alias("fleet.package-file-state")]
public sealed record PackageFileState
{
    [Id(0)] public byte[]? Content { get; init; }
}
