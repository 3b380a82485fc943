namespace Fleet.Tests.Deploy;

/// <summary>Every overlay of deploy/k8s builds with kustomize and passes the offline schema validation.</summary>
public class OverlayValidationTests
{
    public static TheoryData<string> Overlays => [.. DeployTools.OverlayNames];

    [Fact]
    public void Overlays_Folder_HasDevAndProduction()
    {
        Assert.Contains("dev", DeployTools.OverlayNames);
        Assert.Contains("production", DeployTools.OverlayNames);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Kustomize_Overlay_RendersNamespacedObjects(string overlay)
    {
        var rendered = RenderedOverlay.Get(overlay);

        Assert.NotEmpty(rendered.Objects);
        var ns = rendered.Namespace;
        Assert.All(rendered.Objects.Where(o => o.Str("kind") != "Namespace"),
            o => Assert.Equal(ns, o.Str("metadata", "namespace")));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void SchemaValidation_Overlay_EveryObjectValid(string overlay)
    {
        var rendered = RenderedOverlay.Get(overlay);

        Assert.True(rendered.Validation.ExitCode == 0, rendered.Validation.Stdout + rendered.Validation.Stderr);
        Assert.Contains($"{rendered.Objects.Count} objects checked, {rendered.Objects.Count} valid, 0 invalid", rendered.Validation.Stdout);
    }

    /// <summary>The validator itself: each kind of fault a manifest can carry is reported, and fails the run.</summary>
    [Fact]
    public void SchemaValidation_BrokenManifests_ReportsEachFault()
    {
        const string Broken = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: misspelt
            spec:
              replicas: two
              selector:
                matchLabels: {app: x}
              template:
                metadata:
                  labels: {app: x}
                spec:
                  containers:
                    - name: x
                      image: x
                      readinesProbe:
                        httpGet: {path: /health/ready, port: 4321}
                      args: [--appendonly, yes]
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: wrong-enum
            spec:
              type: LoadBalancr
              ports: [{port: 80}]
            ---
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata:
              name: fine
            spec:
              maxUnavailable: 1
            ---
            apiVersion: example.com/v1
            kind: Widget
            metadata:
              name: unknown-kind
            """;
        var folder = System.IO.Directory.CreateTempSubdirectory("fleet-deploy-");
        try
        {
            var file = Path.Combine(folder.FullName, "broken.yaml");
            File.WriteAllText(file, Broken);

            var result = DeployTools.Validate(file, "broken");

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("/spec/replicas: must be integer", result.Stdout);
            Assert.Contains("unknown field \"readinesProbe\"", result.Stdout);
            // YAML 1.1 as kubectl reads it: an unquoted yes is a boolean, and args are strings.
            Assert.Contains("/args/1: must be string", result.Stdout);
            Assert.Contains("/spec/type: must be equal to one of the allowed values", result.Stdout);
            Assert.Contains("no schema for example.com/v1 Widget", result.Stdout);
            Assert.DoesNotContain("PodDisruptionBudget/fine", result.Stdout);
            Assert.Contains("4 objects checked, 1 valid, 3 invalid", result.Stdout);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
