using System.Globalization;
using System.Text.Json;

namespace Fleet.Tests.Deploy;

/// <summary>
/// The pieces of each overlay fit together: selectors select, named ports exist, autoscalers and
/// budgets point at real workloads, traffic the cluster needs is admitted, pods are locked down.
/// </summary>
public class ClusterShapeTests
{
    /// <summary>Sizing assumption of docs/operations.md: memory per connected WebSocket agent, and the gateway's base.</summary>
    private const long BytesPerAgent = 20 * 1024;
    private const long GatewayBaseBytes = 256L * 1024 * 1024;

    public static TheoryData<string> Overlays => [.. DeployTools.OverlayNames];

    [Theory]
    [MemberData(nameof(Overlays))]
    public void RollingUpdates_Deployments_NeverGoBelowCapacity(string overlay)
    {
        foreach (var deployment in RenderedOverlay.Get(overlay).OfKind("Deployment"))
        {
            var rolling = deployment.At("spec", "strategy", "rollingUpdate") ?? throw new Xunit.Sdk.XunitException($"{Name(deployment)}: no rollingUpdate");
            Assert.Equal("RollingUpdate", deployment.Str("spec", "strategy", "type"));
            Assert.Equal("0", rolling.GetProperty("maxUnavailable").ToString());
            Assert.NotEqual("0", rolling.GetProperty("maxSurge").ToString());
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void SecurityContext_EveryContainer_RestrictedWithWritableTmp(string overlay)
    {
        foreach (var (workload, pod) in RenderedOverlay.Get(overlay).PodTemplates)
        {
            Assert.Equal("RuntimeDefault", pod.Str("securityContext", "seccompProfile", "type"));
            Assert.True(pod.At("securityContext", "runAsNonRoot")?.GetBoolean(), $"{Name(workload)}: pod runAsNonRoot");
            Assert.True(pod.At("securityContext", "runAsUser")?.GetInt32() > 0, $"{Name(workload)}: pod runAsUser must be a non-root uid");
            Assert.False(pod.At("automountServiceAccountToken")?.GetBoolean() ?? true, $"{Name(workload)}: no service account token needed");
            foreach (var container in pod.Array("containers"))
            {
                var where = $"{Name(workload)}/{container.Str("name")}";
                Assert.True(container.At("securityContext", "readOnlyRootFilesystem")?.GetBoolean(), $"{where}: readOnlyRootFilesystem");
                Assert.False(container.At("securityContext", "allowPrivilegeEscalation")?.GetBoolean() ?? true, $"{where}: allowPrivilegeEscalation");
                Assert.Equal(["ALL"], container.Array("securityContext", "capabilities", "drop").Select(c => c.GetString()));
                Assert.Empty(container.Array("securityContext", "capabilities", "add"));
                var tmp = container.Array("volumeMounts").SingleOrDefault(m => m.Str("mountPath") == "/tmp");
                Assert.True(tmp.ValueKind == JsonValueKind.Object, $"{where}: /tmp is not mounted");
                var volume = pod.Array("volumes").Single(v => v.Str("name") == tmp.Str("name"));
                Assert.True(volume.At("emptyDir").HasValue, $"{where}: /tmp must be an emptyDir");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Resources_EveryContainer_HasRequestsAndMemoryLimit(string overlay)
    {
        foreach (var (workload, pod) in RenderedOverlay.Get(overlay).PodTemplates)
        {
            foreach (var container in pod.Array("containers"))
            {
                var where = $"{Name(workload)}/{container.Str("name")}";
                Assert.NotNull(container.Str("resources", "requests", "cpu"));
                Assert.True(Bytes(container.Str("resources", "requests", "memory")) > 0, $"{where}: memory request");
                Assert.True(Bytes(container.Str("resources", "limits", "memory")) >= Bytes(container.Str("resources", "requests", "memory")), $"{where}: memory limit");
            }
        }
    }

    /// <summary>At its connection cap a gateway must still fit its memory limit: it refuses (503) rather than being OOM-killed.</summary>
    [Theory]
    [MemberData(nameof(Overlays))]
    public void GatewayMemoryLimit_AtConnectionCap_HoldsEverySocket(string overlay)
    {
        var (_, container, config) = WorkloadConfigTests.Gateway(overlay);
        var limit = Bytes(container.Str("resources", "limits", "memory"));

        var needed = GatewayBaseBytes + (config.Gateway.MaxWebSocketConnections * BytesPerAgent);

        Assert.True(limit >= needed,
            $"{overlay}: memory limit {limit / (1 << 20)} MiB < {needed / (1 << 20)} MiB for {config.Gateway.MaxWebSocketConnections} sockets");
        // One process holds < 20k sockets under a 20k open-file limit: stay under it unless nofile is raised.
        Assert.True(config.Gateway.MaxWebSocketConnections < 19_000, $"{overlay}: MaxWebSocketConnections {config.Gateway.MaxWebSocketConnections}");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void GatewayAutoscaler_ConnectionsTarget_BelowConnectionCap(string overlay)
    {
        var (rendered, _, config) = WorkloadConfigTests.Gateway(overlay);
        var hpa = rendered.Single("HorizontalPodAutoscaler", "fleet-gateway");
        var metrics = hpa.Array("spec", "metrics").ToList();

        var connections = metrics.Single(m => m.Str("type") == "Pods" && m.Str("pods", "metric", "name") == "fleet_gateway_connections");
        var target = double.Parse(connections.Str("pods", "target", "averageValue")!, CultureInfo.InvariantCulture);

        Assert.Equal("AverageValue", connections.Str("pods", "target", "type"));
        // Room for a drained gateway's agents on the others before any of them refuses.
        Assert.True(target <= 0.8 * config.Gateway.MaxWebSocketConnections,
            $"{overlay}: target {target} connections per pod is too close to the cap {config.Gateway.MaxWebSocketConnections}");
        Assert.Contains(metrics, m => m.Str("type") == "Resource" && m.Str("resource", "name") == "cpu");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void SiloAutoscaler_Cpu_MeasuredAgainstCpuRequest(string overlay)
    {
        var rendered = RenderedOverlay.Get(overlay);
        var hpa = rendered.Single("HorizontalPodAutoscaler", "fleet-silo");
        var metric = Assert.Single(hpa.Array("spec", "metrics"));

        Assert.Equal("cpu", metric.Str("resource", "name"));
        Assert.Equal("Utilization", metric.Str("resource", "target", "type"));
        Assert.NotNull(rendered.Container("Deployment", "fleet-silo", "silo").Str("resources", "requests", "cpu"));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Autoscalers_Targets_ExistAndStartWithinRange(string overlay)
    {
        var rendered = RenderedOverlay.Get(overlay);
        var hpas = rendered.OfKind("HorizontalPodAutoscaler").ToList();
        Assert.Equal(2, hpas.Count);
        foreach (var hpa in hpas)
        {
            var target = rendered.Single(hpa.Str("spec", "scaleTargetRef", "kind")!, hpa.Str("spec", "scaleTargetRef", "name")!);
            var min = hpa.At("spec", "minReplicas")?.GetInt32() ?? 1;
            var max = hpa.GetProperty("spec").GetProperty("maxReplicas").GetInt32();
            var replicas = target.At("spec", "replicas")?.GetInt32() ?? 1;
            Assert.InRange(replicas, min, max);
            Assert.True(min < max, $"{Name(hpa)}: nothing to scale");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void DisruptionBudgets_GatewaysAndSilos_OnePodAtATime(string overlay)
    {
        var rendered = RenderedOverlay.Get(overlay);
        foreach (var name in new[] { "fleet-gateway", "fleet-silo" })
        {
            var pdb = rendered.Single("PodDisruptionBudget", name);
            var workload = rendered.Single("Deployment", name);

            Assert.True(ManifestJson.Selects(pdb.StringMap("spec", "selector", "matchLabels"), RenderedOverlay.PodLabels(workload)), $"{name}: PDB selects no pod");
            Assert.Equal(1, pdb.GetProperty("spec").GetProperty("maxUnavailable").GetInt32());
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Services_SelectorsAndTargetPorts_ResolveToContainerPorts(string overlay)
    {
        var rendered = RenderedOverlay.Get(overlay);
        foreach (var service in rendered.OfKind("Service"))
        {
            var selector = service.StringMap("spec", "selector");
            var pods = rendered.PodTemplates.Where(t => ManifestJson.Selects(selector, RenderedOverlay.PodLabels(t.Workload))).ToList();
            Assert.True(pods.Count == 1, $"{Name(service)} selects {pods.Count} workloads");
            var containerPorts = pods[0].Pod.Array("containers").SelectMany(c => c.Array("ports")).ToList();
            foreach (var port in service.Array("spec", "ports"))
            {
                var target = port.GetProperty("targetPort");
                Assert.Contains(containerPorts, p => target.ValueKind == JsonValueKind.Number
                    ? p.GetProperty("containerPort").GetInt32() == target.GetInt32()
                    : p.Str("name") == target.GetString());
            }
        }
    }

    /// <summary>The agents' load balancer carries OpAMP only; the API goes through the Ingress to a ClusterIP Service.</summary>
    [Theory]
    [MemberData(nameof(Overlays))]
    public void OpAmpLoadBalancer_Ports_OpAmpOnly(string overlay)
    {
        var rendered = RenderedOverlay.Get(overlay);
        var opamp = rendered.Single("Service", "fleet-opamp");
        var management = rendered.Single("Service", "fleet-management");

        Assert.Equal("LoadBalancer", opamp.Str("spec", "type"));
        Assert.Equal(["opamp"], opamp.Array("spec", "ports").Select(p => p.Str("targetPort")));
        Assert.Equal("ClusterIP", management.Str("spec", "type"));
        Assert.Equal(["management"], management.Array("spec", "ports").Select(p => p.Str("targetPort")));
        var backend = rendered.Single("Ingress", "fleet-console").Array("spec", "rules").SelectMany(r => r.Array("http", "paths")).Select(p => p.GetProperty("backend")).ToList();
        Assert.All(backend, b => Assert.Equal("fleet-management", b.Str("service", "name")));
        Assert.All(backend, b => Assert.Equal("management", b.Str("service", "port", "name")));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void NetworkPolicies_ClusterTraffic_Admitted(string overlay)
    {
        var rendered = RenderedOverlay.Get(overlay);
        var gateway = rendered.Single("Deployment", "fleet-gateway");
        var silo = rendered.Single("Deployment", "fleet-silo");
        var siloContainer = RenderedOverlay.Container(rendered.PodSpec("Deployment", "fleet-silo"), "silo");
        var gatewayConfig = WorkloadConfigTests.Gateway(overlay).Config;
        var siloConfig = WorkloadConfigTests.Silo(overlay).Config;

        var deny = rendered.Single("NetworkPolicy", "fleet-default-deny-ingress");
        Assert.Empty(deny.StringMap("spec", "podSelector", "matchLabels"));
        Assert.Empty(deny.Array("spec", "ingress"));

        Assert.True(Admits(rendered, from: silo, to: silo, siloConfig.Cluster.SiloPort), "silo -> silo on the silo port");
        Assert.True(Admits(rendered, from: gateway, to: silo, gatewayConfig.Cluster.GatewayPort), "gateway -> silo on the Orleans gateway port");
        Assert.False(Admits(rendered, from: gateway, to: silo, siloConfig.Cluster.SiloPort), "gateways have no business on the silo port");
        Assert.Equal(siloConfig.Cluster.GatewayPort, gatewayConfig.Cluster.GatewayPort);
        Assert.Equal(siloConfig.Cluster.SiloPort, WorkloadConfigTests.ContainerPort(siloContainer, "silo"));

        if (rendered.Find("StatefulSet", "fleet-redis") is { } redis)
        {
            Assert.True(Admits(rendered, from: silo, to: redis, 6379), "silo -> redis");
            Assert.True(Admits(rendered, from: gateway, to: redis, 6379), "gateway -> redis");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void InClusterRedis_WhenPresent_PersistsWithAofOnVolume(string overlay)
    {
        var rendered = RenderedOverlay.Get(overlay);
        if (rendered.Find("StatefulSet", "fleet-redis") is not { } redis)
        {
            return; // external Redis: see Production_Redis_ExternalByPlaceholderSecret
        }
        var container = RenderedOverlay.Container(redis.GetProperty("spec").GetProperty("template").GetProperty("spec"), "redis");
        var args = container.Array("args").Select(a => a.GetString()).ToList();

        Assert.Equal("yes", args[args.IndexOf("--appendonly") + 1]);
        Assert.Equal("noeviction", args[args.IndexOf("--maxmemory-policy") + 1]);
        var data = container.Array("volumeMounts").Single(m => m.Str("mountPath") == "/data").Str("name");
        Assert.Contains(redis.Array("spec", "volumeClaimTemplates"), t => t.Str("metadata", "name") == data);
        var connection = WorkloadConfigTests.Silo(overlay).Config.Configuration.GetSection("ConnectionStrings")["Redis"]!;
        var service = rendered.Single("Service", connection.Split(',')[0].Split(':')[0]);
        Assert.Contains(service.Array("spec", "ports"), p => p.GetProperty("port").GetInt32() == int.Parse(connection.Split(',')[0].Split(':')[1], CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Production_Redis_ExternalByPlaceholderSecret()
    {
        var rendered = RenderedOverlay.Get("production");

        Assert.Empty(rendered.OfKind("StatefulSet"));
        Assert.DoesNotContain(rendered.Objects, o => o.Str("metadata", "labels", "app.kubernetes.io/component") == "redis");
        var connection = WorkloadConfigTests.Silo("production").Config.Configuration.GetSection("ConnectionStrings")["Redis"]!;
        Assert.Contains("REPLACE-ME", connection, StringComparison.Ordinal);
        Assert.Contains("ssl=true", connection, StringComparison.Ordinal);
    }

    /// <summary>Nothing real is committed: every production Secret value is a marked placeholder.</summary>
    [Fact]
    public void Production_Secrets_AllMarkedPlaceholders()
    {
        var rendered = RenderedOverlay.Get("production");
        var secrets = rendered.OfKind("Secret").ToList();

        Assert.NotEmpty(secrets);
        foreach (var secret in secrets)
        {
            foreach (var (key, value) in rendered.SecretValues(secret))
            {
                Assert.True(value.Contains("REPLACE-ME", StringComparison.Ordinal), $"{Name(secret)}/{key} is not a marked placeholder");
            }
        }
        Assert.Contains(rendered.Single("Ingress", "fleet-console").Array("spec", "tls"), t => rendered.Find("Secret", t.Str("secretName")!) is not null);
    }

    private static bool Admits(RenderedOverlay rendered, JsonElement from, JsonElement to, int port)
    {
        var fromLabels = RenderedOverlay.PodLabels(from);
        var toLabels = RenderedOverlay.PodLabels(to);
        var toContainers = to.GetProperty("spec").GetProperty("template").GetProperty("spec").Array("containers").ToList();
        return rendered.OfKind("NetworkPolicy")
            .Where(p => ManifestJson.Selects(p.StringMap("spec", "podSelector", "matchLabels"), toLabels))
            .SelectMany(p => p.Array("spec", "ingress"))
            .Any(rule =>
                (!rule.Array("from").Any() || rule.Array("from").Any(f => f.At("namespaceSelector") is null
                    && ManifestJson.Selects(f.StringMap("podSelector", "matchLabels"), fromLabels)))
                && (!rule.Array("ports").Any() || rule.Array("ports").Any(p => PolicyPort(toContainers, p.GetProperty("port")) == port)));
    }

    private static int? PolicyPort(IEnumerable<JsonElement> containers, JsonElement port) =>
        port.ValueKind == JsonValueKind.Number
            ? port.GetInt32()
            : containers.SelectMany(c => c.Array("ports")).Where(p => p.Str("name") == port.GetString()).Select(p => (int?)p.GetProperty("containerPort").GetInt32()).FirstOrDefault();

    private static string Name(JsonElement o) => $"{o.Str("kind")}/{o.Str("metadata", "name")}";

    /// <summary>A Kubernetes memory quantity in bytes (the suffixes used here: Ki, Mi, Gi, k, M, G, or none).</summary>
    internal static long Bytes(string? quantity)
    {
        Assert.NotNull(quantity);
        (string Suffix, long Factor)[] units = [("Ki", 1L << 10), ("Mi", 1L << 20), ("Gi", 1L << 30), ("k", 1000), ("M", 1_000_000), ("G", 1_000_000_000)];
        foreach (var (suffix, factor) in units)
        {
            if (quantity.EndsWith(suffix, StringComparison.Ordinal))
            {
                return long.Parse(quantity[..^suffix.Length], CultureInfo.InvariantCulture) * factor;
            }
        }
        return long.Parse(quantity, CultureInfo.InvariantCulture);
    }
}
