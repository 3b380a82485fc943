using System.Collections.Immutable;
using System.Net;
using Fleet.Gateway.Api;
using Orleans.Metadata;

namespace Fleet.Tests.Api;

public class AgentDirectoryReaderTests
{
    private static readonly GrainInterfaceType Reads = GrainInterfaceType.Create("fleet.agent-directory-reads");

    private static GrainManifest Silo(params GrainInterfaceType[] interfaces) => new(
        ImmutableDictionary<GrainType, GrainProperties>.Empty,
        interfaces.ToImmutableDictionary(i => i, _ => new GrainInterfaceProperties(ImmutableDictionary.Create<string, string>(StringComparer.Ordinal))));

    private static ClusterManifest Cluster(params GrainManifest[] silos) => new(
        new MajorMinorVersion(1, 1),
        silos.Select((silo, i) => (Address: SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111 + i), 1), silo))
            .ToImmutableDictionary(s => s.Address, s => s.silo));

    [Fact]
    public void EverySiloHas_EverySiloOfThisRelease_True() =>
        Assert.True(AgentDirectoryReader.EverySiloHas(Cluster(Silo(Reads), Silo(Reads)), Reads));

    [Fact]
    public void EverySiloHas_OneSiloOfAnOlderRelease_False() =>
        Assert.False(AgentDirectoryReader.EverySiloHas(Cluster(Silo(Reads), Silo()), Reads));

    [Fact]
    public void EverySiloHas_NoSiloKnownYet_False() =>
        Assert.False(AgentDirectoryReader.EverySiloHas(Cluster(), Reads));
}
