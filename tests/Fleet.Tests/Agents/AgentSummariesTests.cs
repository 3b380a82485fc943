using Fleet.Contracts.OpAmp;
using Fleet.Grains.Agents;

namespace Fleet.Tests.Agents;

public class AgentSummariesTests
{
    private static KeyValue Text(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    [Fact]
    public void SelectorAttributes_KeyInBothLists_IdentifyingWinsAndAllOthersKept()
    {
        var description = new AgentDescription
        {
            IdentifyingAttributes = { Text("service.name", "checkout"), Text("service.instance.id", "c-1") },
            NonIdentifyingAttributes =
            {
                Text("service.name", "shadowed"),
                Text("deployment.environment", "prod"),
                new KeyValue { Key = "cores", Value = new AnyValue { IntValue = 4 } },
            },
        };

        var attributes = AgentSummaries.SelectorAttributes(description);

        Assert.Equal(4, attributes.Count);
        Assert.Equal("checkout", attributes["service.name"]);
        Assert.Equal("c-1", attributes["service.instance.id"]);
        Assert.Equal("prod", attributes["deployment.environment"]);
        Assert.Equal("4", attributes["cores"]);
    }

    [Fact]
    public void SelectorAttributes_NoDescription_Empty() =>
        Assert.Empty(AgentSummaries.SelectorAttributes(null));
}
