using System.Globalization;
using System.Text.Json;
using Fleet.Hosting;
using Fleet.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Fleet.Tests.Deploy;

/// <summary>
/// The manifests agree with the apps: ports, probes and shutdown timing are checked against the
/// configuration each container will really run with (appsettings.json + its environment).
/// </summary>
public class WorkloadConfigTests
{
    private const string GatewaySettings = "src/Gateway/appsettings.json";
    private const string SiloSettings = "src/Silo/appsettings.json";

    public static TheoryData<string> Overlays => [.. DeployTools.OverlayNames];

    internal static (RenderedOverlay Overlay, JsonElement Container, PodConfiguration Config) Gateway(string overlay)
    {
        var rendered = RenderedOverlay.Get(overlay);
        var container = rendered.Container("Deployment", "fleet-gateway", "gateway");
        return (rendered, container, PodConfiguration.Of(rendered, container, GatewaySettings));
    }

    internal static (RenderedOverlay Overlay, JsonElement Container, PodConfiguration Config) Silo(string overlay)
    {
        var rendered = RenderedOverlay.Get(overlay);
        var container = rendered.Container("Deployment", "fleet-silo", "silo");
        return (rendered, container, PodConfiguration.Of(rendered, container, SiloSettings));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void GatewayContainerPorts_EffectiveConfig_MatchOpAmpAndManagementPorts(string overlay)
    {
        var (_, container, config) = Gateway(overlay);

        Assert.Equal(config.Gateway.OpAmpPort, ContainerPort(container, "opamp"));
        Assert.Equal(config.Gateway.ManagementPort, ContainerPort(container, "management"));
        Assert.Equal(2, container.Array("ports").Count());
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void SiloContainerPorts_EffectiveConfig_MatchSiloGatewayAndHealthPorts(string overlay)
    {
        var (_, container, config) = Silo(overlay);

        Assert.Equal(config.Cluster.SiloPort, ContainerPort(container, "silo"));
        Assert.Equal(config.Cluster.GatewayPort, ContainerPort(container, "orleans-gw"));
        Assert.Equal(SiloHealthPort(config), ContainerPort(container, "health"));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void GatewayProbes_HealthEndpoints_OnManagementPort(string overlay)
    {
        var (_, container, config) = Gateway(overlay);

        AssertProbes(container, config.Gateway.ManagementPort);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void SiloProbes_HealthEndpoints_OnHealthPort(string overlay)
    {
        var (_, container, config) = Silo(overlay);

        AssertProbes(container, SiloHealthPort(config));
    }

    /// <summary>
    /// Kubernetes kills the pod terminationGracePeriodSeconds after the preStop hook starts: the
    /// preStop sleep plus the gateway's whole shutdown (drain window + the rest of its shutdown
    /// timeout) must fit, or the last agents are cut off instead of closed with 1001.
    /// </summary>
    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task GatewayGracePeriod_PreStopAndShutdownTimeout_FitInside(string overlay)
    {
        var (rendered, container, config) = Gateway(overlay);
        var pod = rendered.PodSpec("Deployment", "fleet-gateway");
        var grace = TimeSpan.FromSeconds(pod.GetProperty("terminationGracePeriodSeconds").GetInt32());
        var preStop = PreStopSleep(container);

        var shutdown = await config.GatewayShutdownTimeout();

        Assert.True(preStop >= TimeSpan.FromSeconds(3), $"{overlay}: preStop sleep {preStop} leaves endpoints no time to drop the pod");
        Assert.True(shutdown > config.Gateway.DrainWindow, $"{overlay}: shutdown timeout {shutdown} does not cover the drain window {config.Gateway.DrainWindow}");
        Assert.True(grace >= preStop + shutdown,
            $"{overlay}: terminationGracePeriodSeconds {grace.TotalSeconds} < preStop {preStop.TotalSeconds} + shutdown timeout {shutdown.TotalSeconds} (drain window {config.Gateway.DrainWindow.TotalSeconds})");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void SiloGracePeriod_HostShutdownTimeout_FitsInside(string overlay)
    {
        var rendered = RenderedOverlay.Get(overlay);
        var grace = TimeSpan.FromSeconds(rendered.PodSpec("Deployment", "fleet-silo").GetProperty("terminationGracePeriodSeconds").GetInt32());
        // The silo keeps the host's default shutdown timeout; if it ever sets its own, read that here.
        Assert.DoesNotContain("ShutdownTimeout", File.ReadAllText(Path.Combine(RepositoryRoot.Path, "src/Silo/Program.cs")), StringComparison.Ordinal);

        Assert.True(grace > new HostOptions().ShutdownTimeout, $"{overlay}: silo grace {grace} does not exceed the host's shutdown timeout");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void ClusterIdentity_SilosAndGateways_JoinTheSameCluster(string overlay)
    {
        var gateway = Gateway(overlay).Config;
        var silo = Silo(overlay).Config;

        Assert.Equal(OrleansMode.Client, gateway.Cluster.Mode);
        Assert.Equal(silo.Cluster.ClusterId, gateway.Cluster.ClusterId);
        Assert.Equal(silo.Cluster.ServiceId, gateway.Cluster.ServiceId);
        Assert.Equal(silo.Configuration.GetConnectionString("Redis"), gateway.Configuration.GetConnectionString("Redis"));
        Assert.Equal(silo.Sources["ConnectionStrings__Redis"], gateway.Sources["ConnectionStrings__Redis"]);
        Assert.StartsWith("secret/", silo.Sources["ConnectionStrings__Redis"], StringComparison.Ordinal);
        // Agents are offered the same heartbeat whichever side answers.
        Assert.Equal(silo.Configuration["Fleet:Agents:HeartbeatInterval"], gateway.Configuration["Fleet:Agents:HeartbeatInterval"]);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void SiloIdentity_DownwardApi_AdvertisesThePodIp(string overlay)
    {
        var (_, _, config) = Silo(overlay);

        Assert.Equal("field/status.podIP", config.Sources["Fleet__Orleans__AdvertisedAddress"]);
        Assert.Equal(PodConfiguration.PodIp, config.Cluster.AdvertisedAddress);
        Assert.Equal("field/metadata.name", config.Sources["POD_NAME"]);
        Assert.Equal("field/status.podIP", config.Sources["POD_IP"]);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void GatewayIdentity_DownwardApi_NamesGatewayAfterPod(string overlay)
    {
        var (_, _, config) = Gateway(overlay);

        Assert.Equal("field/metadata.name", config.Sources["Fleet__Gateway__GatewayId"]);
        Assert.Equal(PodConfiguration.PodName, config.Gateway.GatewayId);
    }

    internal static int ContainerPort(JsonElement container, string name) =>
        container.Array("ports").Single(p => p.Str("name") == name).GetProperty("containerPort").GetInt32();

    /// <summary>A probe's port, named or numeric, as a number.</summary>
    internal static int ProbePort(JsonElement container, JsonElement port) =>
        port.ValueKind == JsonValueKind.Number ? port.GetInt32() : ContainerPort(container, port.GetString()!);

    private static int SiloHealthPort(PodConfiguration config) =>
        config.Configuration.GetValue<int?>("Fleet:Silo:HealthPort") ?? throw new Xunit.Sdk.XunitException("Fleet:Silo:HealthPort is not set in src/Silo/appsettings.json");

    private static void AssertProbes(JsonElement container, int port)
    {
        var expected = new Dictionary<string, string>
        {
            ["startupProbe"] = "/health/live",
            ["livenessProbe"] = "/health/live",
            ["readinessProbe"] = "/health/ready",
        };
        foreach (var (probe, path) in expected)
        {
            var get = container.At(probe, "httpGet") ?? throw new Xunit.Sdk.XunitException($"{container.Str("name")}: no {probe} httpGet");
            Assert.Equal(path, get.Str("path"));
            Assert.Equal(port, ProbePort(container, get.GetProperty("port")));
        }
    }

    internal static TimeSpan PreStopSleep(JsonElement container)
    {
        if (container.At("lifecycle", "preStop", "sleep", "seconds") is { } seconds)
        {
            return TimeSpan.FromSeconds(seconds.GetInt32());
        }
        var command = container.Array("lifecycle", "preStop", "exec", "command").Select(c => c.GetString()).ToList();
        Assert.True(command is ["sleep", _], $"{container.Str("name")}: preStop is not a plain sleep: [{string.Join(", ", command)}]");
        return TimeSpan.FromSeconds(double.Parse(command[1]!, CultureInfo.InvariantCulture));
    }
}
