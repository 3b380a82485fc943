using Fleet.Contracts.Inventory;

namespace Fleet.Tests.Inventory;

public class LabelSelectorTests
{
    private static readonly Dictionary<string, string> Agent = new()
    {
        ["service.name"] = "otelcol-contrib",
        ["service.version"] = "0.110.0",
        ["env"] = "prod",
    };

    private static bool Matches(string selector)
    {
        Assert.True(LabelSelector.TryParse(selector, out var parsed, out var error), error);
        return parsed.Matches(k => Agent.GetValueOrDefault(k));
    }

    [Theory]
    [InlineData("")]
    [InlineData("env=prod")]
    [InlineData("env==prod")]
    [InlineData("env!=dev")]
    [InlineData("missing!=x")]
    [InlineData("service.name=~otelcol.*")]
    [InlineData("service.version!~0\\.9.*")]
    [InlineData("env in (prod, staging)")]
    [InlineData("env notin (dev)")]
    [InlineData("missing notin (dev)")]
    [InlineData("env")]
    [InlineData("!missing")]
    [InlineData("env=prod, service.name=~otel.*, !missing")]
    public void Matches_RequirementHolds_True(string selector) => Assert.True(Matches(selector));

    [Theory]
    [InlineData("env=dev")]
    [InlineData("env!=prod")]
    [InlineData("service.name=~otel")] // whole-value match
    [InlineData("missing=~.*")]
    [InlineData("env in (dev,staging)")]
    [InlineData("missing in (prod)")]
    [InlineData("env notin (prod)")]
    [InlineData("missing")]
    [InlineData("!env")]
    [InlineData("env=prod,env=dev")]
    public void Matches_RequirementFails_False(string selector) => Assert.False(Matches(selector));

    [Theory]
    [InlineData("env=~(")]
    [InlineData("=x")]
    [InlineData("env=prod,,x=y")]
    [InlineData("bad key=1")]
    public void TryParse_Invalid_FalseWithError(string selector)
    {
        Assert.False(LabelSelector.TryParse(selector, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
