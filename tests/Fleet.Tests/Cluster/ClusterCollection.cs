namespace Fleet.Tests.Cluster;

/// <summary>Cluster drills share one local cluster and run one after another (they inject faults).</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<LocalCluster>
{
    public const string Name = "cluster";
}
