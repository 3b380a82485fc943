namespace Fleet.Tests.Observability;

/// <summary>
/// Tests that read a gateway's /metrics run alone, after the parallel ones. Every test gateway in this
/// process exports its instruments under the same names, and once (one run in several) a scrape
/// missed metrics its gateway had recorded while other test gateways were starting and stopping
/// beside it. Run alone, no other gateway starts or stops meanwhile.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ExportedMetricsCollection
{
    public const string Name = "exported metrics";
}
