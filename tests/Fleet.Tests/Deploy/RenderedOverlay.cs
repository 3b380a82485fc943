using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace Fleet.Tests.Deploy;

/// <summary>One overlay of deploy/k8s as kubectl would apply it: rendered once per test run, validated, parsed.</summary>
public sealed class RenderedOverlay
{
    private static readonly ConcurrentDictionary<string, Lazy<RenderedOverlay>> Cache = new();

    private RenderedOverlay(string name, IReadOnlyList<JsonElement> objects, ProcessResult validation)
    {
        Name = name;
        Objects = objects;
        Validation = validation;
    }

    public string Name { get; }

    public IReadOnlyList<JsonElement> Objects { get; }

    /// <summary>The schema validator's verdict on this overlay.</summary>
    public ProcessResult Validation { get; }

    public string Namespace => Single("Namespace").GetProperty("metadata").GetProperty("name").GetString()!;

    public static RenderedOverlay Get(string name) => Cache.GetOrAdd(name, n => new Lazy<RenderedOverlay>(() => Render(n))).Value;

    private static RenderedOverlay Render(string name)
    {
        var yaml = DeployTools.Kustomize(Path.Combine(DeployTools.K8sFolder, "overlays", name));
        var folder = System.IO.Directory.CreateTempSubdirectory("fleet-deploy-");
        try
        {
            var yamlFile = Path.Combine(folder.FullName, $"{name}.yaml");
            var jsonFile = Path.Combine(folder.FullName, $"{name}.json");
            File.WriteAllText(yamlFile, yaml);
            var validation = DeployTools.Validate(yamlFile, name, jsonFile);
            Assert.True(File.Exists(jsonFile), $"the validator wrote no objects for {name}:\n{validation.Stdout}{validation.Stderr}");
            using var json = JsonDocument.Parse(File.ReadAllText(jsonFile));
            return new RenderedOverlay(name, [.. json.RootElement.EnumerateArray().Select(e => e.Clone())], validation);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    public IEnumerable<JsonElement> OfKind(string kind) => Objects.Where(o => o.Str("kind") == kind);

    public JsonElement? Find(string kind, string name) =>
        OfKind(kind).Select(o => (JsonElement?)o).FirstOrDefault(o => o!.Value.Str("metadata", "name") == name);

    public JsonElement Single(string kind, string name) =>
        Find(kind, name) ?? throw new Xunit.Sdk.XunitException($"{Name}: no {kind} named {name}");

    public JsonElement Single(string kind)
    {
        var all = OfKind(kind).ToList();
        Assert.True(all.Count == 1, $"{Name}: expected one {kind}, found {all.Count}");
        return all[0];
    }

    /// <summary>Deployments, StatefulSets and Jobs with their pod specs.</summary>
    public IEnumerable<(JsonElement Workload, JsonElement Pod)> PodTemplates =>
        Objects.Where(o => o.Str("kind") is "Deployment" or "StatefulSet" or "Job" or "DaemonSet")
            .Select(o => (o, o.GetProperty("spec").GetProperty("template").GetProperty("spec")));

    public JsonElement PodSpec(string kind, string name) => Single(kind, name).GetProperty("spec").GetProperty("template").GetProperty("spec");

    public static JsonElement Container(JsonElement pod, string name) =>
        pod.GetProperty("containers").EnumerateArray().FirstOrDefault(c => c.Str("name") == name) is { ValueKind: JsonValueKind.Object } c
            ? c
            : throw new Xunit.Sdk.XunitException($"no container {name}");

    public JsonElement Container(string kind, string workload, string container) => Container(PodSpec(kind, workload), container);

    /// <summary>Labels of a workload's pod template, for matching selectors.</summary>
    public static IReadOnlyDictionary<string, string> PodLabels(JsonElement workload) =>
        workload.GetProperty("spec").GetProperty("template").GetProperty("metadata").StringMap("labels");

    /// <summary>A Secret's value (data is base64, stringData plain).</summary>
    public string SecretValue(string name, string key)
    {
        var secret = Single("Secret", name);
        if (secret.TryGetProperty("stringData", out var plain) && plain.TryGetProperty(key, out var text))
        {
            return text.GetString()!;
        }
        var data = secret.GetProperty("data").GetProperty(key).GetString()!;
        return Encoding.UTF8.GetString(Convert.FromBase64String(data.ReplaceLineEndings("")));
    }

    public IEnumerable<(string Name, string Value)> SecretValues(JsonElement secret)
    {
        foreach (var (name, value) in secret.StringMap("stringData"))
        {
            yield return (name, value);
        }
        foreach (var (name, value) in secret.StringMap("data"))
        {
            yield return (name, Encoding.UTF8.GetString(Convert.FromBase64String(value.ReplaceLineEndings(""))));
        }
    }

    public override string ToString() => Name;
}

/// <summary>Terse navigation of parsed manifests.</summary>
public static class ManifestJson
{
    /// <summary>The string at a property path, or null when any step is missing.</summary>
    public static string? Str(this JsonElement element, params string[] path) =>
        element.At(path) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static JsonElement? At(this JsonElement element, params string[] path)
    {
        var current = element;
        foreach (var step in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(step, out current))
            {
                return null;
            }
        }
        return current;
    }

    public static IEnumerable<JsonElement> Array(this JsonElement element, params string[] path) =>
        element.At(path) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];

    public static IReadOnlyDictionary<string, string> StringMap(this JsonElement element, params string[] path) =>
        element.At(path) is { ValueKind: JsonValueKind.Object } map
            ? map.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "")
            : new Dictionary<string, string>();

    /// <summary>Whether a label selector (matchLabels only) selects the given labels.</summary>
    public static bool Selects(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(s => labels.TryGetValue(s.Key, out var v) && v == s.Value);
}
