using System.Text.RegularExpressions;
using Fleet.Gateway.Transport;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Deploy;

/// <summary>The in-cluster load test (components/loadtest): the Job asks the load generator for what it offers, at addresses that exist.</summary>
public partial class LoadTestJobTests
{
    public static TheoryData<string> OverlaysWithLoadTest =>
        [.. DeployTools.OverlayNames.Where(o => RenderedOverlay.Get(o).Find("Job", "fleet-loadtest") is not null)];

    [Fact]
    public void LoadTestOverlay_Components_IncludeTheJob()
    {
        Assert.NotNull(RenderedOverlay.Get("loadtest").Find("Job", "fleet-loadtest"));
        Assert.Null(RenderedOverlay.Get("production").Find("Job", "fleet-loadtest"));
        Assert.Null(RenderedOverlay.Get("dev").Find("Job", "fleet-loadtest"));
    }

    [Theory]
    [MemberData(nameof(OverlaysWithLoadTest))]
    public void JobArguments_EveryOption_KnownToLoadGenerator(string overlay)
    {
        var usage = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "tools/LoadTest/Options/LoadTestOptionsParser.cs"));
        var known = OptionName().Matches(usage).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

        var options = Arguments(overlay).Where(a => a.StartsWith("--", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(options);
        Assert.All(options, o => Assert.Contains(o, known));
    }

    [Theory]
    [MemberData(nameof(OverlaysWithLoadTest))]
    public void JobUrls_PointAtServicesOfThisOverlay(string overlay)
    {
        var rendered = RenderedOverlay.Get(overlay);
        var args = Arguments(overlay);
        var opamp = new Uri(args[args.IndexOf("--url") + 1]);
        var api = new Uri(args[args.IndexOf("--api") + 1]);
        var gateway = WorkloadConfigTests.Gateway(overlay).Config.Gateway;

        Assert.Equal(OpAmpHosting.Path, opamp.AbsolutePath);
        Assert.Equal(gateway.OpAmpPort, ServiceTargetPort(rendered, opamp));
        Assert.Equal(gateway.ManagementPort, ServiceTargetPort(rendered, api));
    }

    private static List<string> Arguments(string overlay) =>
        [.. RenderedOverlay.Get(overlay).Container("Job", "fleet-loadtest", "loadtest").Array("args").Select(a => a.GetString()!)];

    /// <summary>The container port a URL's host:port reaches through the Service of that name.</summary>
    private static int ServiceTargetPort(RenderedOverlay rendered, Uri url)
    {
        var service = rendered.Single("Service", url.Host);
        var port = service.Array("spec", "ports").Single(p => p.GetProperty("port").GetInt32() == url.Port);
        var gateway = rendered.Container("Deployment", "fleet-gateway", "gateway");
        return WorkloadConfigTests.ProbePort(gateway, port.GetProperty("targetPort"));
    }

    [GeneratedRegex(@"--[a-z][a-z-]+")]
    private static partial Regex OptionName();
}
