using Fleet.Contracts;
using Fleet.Contracts.Agents;
using Fleet.Contracts.Configs;
using Fleet.Contracts.Inventory;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.References;

public class GrainLookupTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    [Fact]
    public void Get_GuidKey_SameGrainAndInterfaceAsOrleans()
    {
        var uid = Guid.CreateVersion7();
        _ = fixture.Grains.Get<IAgentGrain>(Guid.CreateVersion7()); // the first call resolves, later ones reuse

        AssertSameReference(fixture.Grains.GetGrain<IAgentGrain>(uid), fixture.Grains.Get<IAgentGrain>(uid));
    }

    [Fact]
    public void Get_IntegerKey_SameGrainAndInterfaceAsOrleans()
    {
        _ = fixture.Grains.Get<IAgentDirectoryGrain>(1);

        AssertSameReference(fixture.Grains.GetGrain<IAgentDirectoryGrain>(7), fixture.Grains.Get<IAgentDirectoryGrain>(7));
    }

    [Fact]
    public void Get_StringKey_SameGrainAndInterfaceAsOrleans()
    {
        _ = fixture.Grains.Get<IConfigProfileGrain>("first");

        AssertSameReference(fixture.Grains.GetGrain<IConfigProfileGrain>("web"), fixture.Grains.Get<IConfigProfileGrain>("web"));
    }

    [Fact]
    public void Get_BlankStringKey_RefusedAsOrleansDoes()
    {
        _ = fixture.Grains.Get<IConfigProfileGrain>("first");

        Assert.ThrowsAny<ArgumentException>(() => fixture.Grains.Get<IConfigProfileGrain>(" "));
    }

    [Fact]
    public async Task Get_ReusedTypes_CallsReachTheGrain()
    {
        var uid = Guid.CreateVersion7();
        _ = fixture.Grains.Get<IAgentGrain>(Guid.CreateVersion7());

        // An agent never heard from has no detail; the call itself must arrive at an agent grain.
        Assert.Null(await fixture.Grains.Get<IAgentGrain>(uid).GetDetail());
        Assert.Null(await fixture.Grains.Get<IAgentGrain>(uid).GetConfigState());
    }

    private static void AssertSameReference(object expected, object actual)
    {
        var (orleans, ours) = ((GrainReference)expected, (GrainReference)actual);
        Assert.Equal(orleans.GrainId, ours.GrainId);
        Assert.Equal(orleans.InterfaceType, ours.InterfaceType);
        Assert.Equal(orleans.GetType(), ours.GetType());
    }
}
