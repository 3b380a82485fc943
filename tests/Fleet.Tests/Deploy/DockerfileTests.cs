using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Deploy;

/// <summary>
/// No container engine runs here, so the Dockerfiles are checked for what would break an image:
/// a referenced project left out of the build stage, a user Kubernetes cannot verify as non-root,
/// an entry point or ports that do not match the app.
/// </summary>
public partial class DockerfileTests
{
    public static TheoryData<string, string> Images => new()
    {
        { "src/Gateway/Dockerfile", "src/Gateway/Fleet.Gateway.csproj" },
        { "src/Silo/Dockerfile", "src/Silo/Fleet.Silo.csproj" },
        { "tools/LoadTest/Dockerfile", "tools/LoadTest/Fleet.LoadTest.csproj" },
    };

    [Theory]
    [MemberData(nameof(Images))]
    public void BuildStage_ProjectReferences_AllCopiedBeforeRestore(string dockerfile, string project)
    {
        var lines = Lines(dockerfile);
        var restore = lines.FindIndex(l => l.StartsWith("RUN dotnet restore", StringComparison.Ordinal));
        var publish = lines.FindIndex(l => l.StartsWith("RUN dotnet publish", StringComparison.Ordinal));
        var copies = lines.Select((line, index) => (line, index)).Where(l => l.line.StartsWith("COPY ", StringComparison.Ordinal)).ToList();

        Assert.True(restore > 0 && publish > restore, $"{dockerfile}: restore, then publish");
        Assert.Contains(project, lines[restore], StringComparison.Ordinal);
        Assert.Contains(project, lines[publish], StringComparison.Ordinal);
        foreach (var needed in ProjectClosure(project).Append("Directory.Build.props").Append("Directory.Packages.props"))
        {
            Assert.Contains(copies, c => c.index < restore && c.line.Split(' ').Contains(needed));
            var folder = Path.GetDirectoryName(needed)!.Replace('\\', '/');
            if (folder.Length > 0)
            {
                Assert.Contains(copies, c => c.index > restore && c.index < publish && c.line.Split(' ').Contains(folder + "/"));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void RuntimeStage_User_NumericAppUidOfThePods(string dockerfile, string project)
    {
        _ = project;
        var user = Lines(dockerfile).Last(l => l.StartsWith("USER ", StringComparison.Ordinal))["USER ".Length..];

        Assert.True(int.TryParse(user, NumberStyles.None, CultureInfo.InvariantCulture, out var uid), $"{dockerfile}: USER {user} is not numeric (runAsNonRoot cannot verify a name)");
        Assert.Equal(1654, uid);
        foreach (var overlay in DeployTools.OverlayNames)
        {
            foreach (var (workload, pod) in RenderedOverlay.Get(overlay).PodTemplates.Where(t => t.Workload.Str("metadata", "labels", "app.kubernetes.io/component") != "redis"))
            {
                Assert.True(pod.At("securityContext", "runAsUser")?.GetInt32() == uid, $"{overlay}: {workload.Str("metadata", "name")} runs as another uid than the image");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Stages_BaseImages_OfficialDotNet10(string dockerfile, string project)
    {
        _ = project;
        var from = Lines(dockerfile).Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();

        Assert.Equal(2, from.Count);
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", from[0], StringComparison.Ordinal);
        // A self-contained app brings its runtime: runtime-deps has only the native libraries it needs.
        // A framework-dependent one needs the shared framework in the image.
        Assert.Matches(
            SelfContained(dockerfile) ? @"^FROM mcr\.microsoft\.com/dotnet/runtime-deps:10\.0 AS runtime$" : @"^FROM mcr\.microsoft\.com/dotnet/(aspnet|runtime):10\.0 AS runtime$",
            from[1]);
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Entrypoint_RunsTheProjectsAssembly(string dockerfile, string project)
    {
        var lines = Lines(dockerfile);
        var entry = lines.Single(l => l.StartsWith("ENTRYPOINT ", StringComparison.Ordinal));
        var workdir = lines.Last(l => l.StartsWith("WORKDIR ", StringComparison.Ordinal))["WORKDIR ".Length..];
        var publish = lines.Single(l => l.StartsWith("RUN dotnet publish", StringComparison.Ordinal));
        var assembly = XDocument.Load(Path.Combine(RepositoryRoot.Path, project)).Descendants("AssemblyName").FirstOrDefault()?.Value
            ?? Path.GetFileNameWithoutExtension(project);

        Assert.Equal("/app", workdir);
        Assert.Contains("-o /app", publish, StringComparison.Ordinal);
        if (SelfContained(dockerfile))
        {
            // The app host is the only way into a self-contained app: the image has no dotnet muxer.
            Assert.Equal($"ENTRYPOINT [\"/app/{assembly}\"]", entry);
            Assert.DoesNotContain("UseAppHost=false", publish, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal($"ENTRYPOINT [\"dotnet\", \"{assembly}.dll\"]", entry);
        }
    }

    [Fact]
    public void ExposedPorts_GatewayAndSilo_MatchContainerPorts()
    {
        var gateway = RenderedOverlay.Get("dev").Container("Deployment", "fleet-gateway", "gateway");
        var silo = RenderedOverlay.Get("dev").Container("Deployment", "fleet-silo", "silo");

        Assert.Equal(ContainerPorts(gateway), Exposed("src/Gateway/Dockerfile"));
        Assert.Equal(ContainerPorts(silo), Exposed("src/Silo/Dockerfile"));
    }

    [Theory]
    [InlineData("src/Gateway/Dockerfile")]
    [InlineData("src/Silo/Dockerfile")]
    public void ServerImages_Publish_SelfContainedCompositeForTheRestoredArchitecture(string dockerfile)
    {
        var lines = Lines(dockerfile);
        var restore = lines.Single(l => l.StartsWith("RUN dotnet restore", StringComparison.Ordinal));
        var publish = lines.Single(l => l.StartsWith("RUN dotnet publish", StringComparison.Ordinal));

        // A --no-restore publish for an architecture needs the restore for that same architecture.
        Assert.Contains("-a $TARGETARCH", restore, StringComparison.Ordinal);
        Assert.Contains("-a $TARGETARCH", publish, StringComparison.Ordinal);
        // Self-contained and composite: the framework is precompiled with the app, so a restarted
        // pod starts sooner (docs/benchmarks.md). The restore fetches the runtime and crossgen packs
        // for exactly these settings; the --no-restore publish fails without them.
        foreach (var setting in new[] { "-p:PublishReadyToRun=true", "-p:PublishReadyToRunComposite=true" })
        {
            Assert.Contains(setting, restore, StringComparison.Ordinal);
            Assert.Contains(setting, publish, StringComparison.Ordinal);
        }
        Assert.Contains("-p:SelfContained=true", restore, StringComparison.Ordinal);
        Assert.Contains("--self-contained true", publish, StringComparison.Ordinal);
        Assert.True(lines.FindIndex(l => l == "ARG TARGETARCH") is var arg && arg >= 0 && arg < lines.IndexOf(restore), $"{dockerfile}: ARG TARGETARCH before the restore");
    }

    [Fact]
    public void DockerIgnore_BuildOutput_KeptOutOfContext()
    {
        var ignored = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, ".dockerignore")).Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
        Assert.Contains("**/node_modules/", ignored);
        // The builds need these: ignoring them would break every image.
        Assert.DoesNotContain(ignored, l => l is "src/" or "src" or "tools/" or "tools" or "Directory.Packages.props" or "Directory.Build.props");
    }

    /// <summary>The project, every project it references transitively, and the props files they import, as repository paths.</summary>
    private static IEnumerable<string> ProjectClosure(string project)
    {
        var imports = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current))
            {
                continue;
            }
            var folder = Path.GetDirectoryName(Path.Combine(RepositoryRoot.Path, current))!;
            foreach (var reference in XDocument.Load(Path.Combine(RepositoryRoot.Path, current)).Descendants("ProjectReference"))
            {
                var full = Path.GetFullPath(Path.Combine(folder, reference.Attribute("Include")!.Value));
                pending.Push(Path.GetRelativePath(RepositoryRoot.Path, full).Replace('\\', '/'));
            }
            foreach (var import in XDocument.Load(Path.Combine(RepositoryRoot.Path, current)).Descendants("Import"))
            {
                var path = import.Attribute("Project")!.Value.Replace("$(MSBuildThisFileDirectory)", "", StringComparison.Ordinal);
                var full = Path.GetFullPath(Path.Combine(folder, path));
                imports.Add(Path.GetRelativePath(RepositoryRoot.Path, full).Replace('\\', '/'));
            }
        }
        return seen.Concat(imports);
    }

    private static bool SelfContained(string dockerfile) =>
        Lines(dockerfile).Single(l => l.StartsWith("RUN dotnet publish", StringComparison.Ordinal)).Contains("--self-contained true", StringComparison.Ordinal);

    /// <summary>Instruction lines, comments dropped, continuation lines joined.</summary>
    private static List<string> Lines(string dockerfile) =>
        [.. File.ReadAllText(Path.Combine(RepositoryRoot.Path, dockerfile)).Replace("\\\n", " ", StringComparison.Ordinal).Split('\n')
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))];

    private static int[] Exposed(string dockerfile) =>
        [.. Lines(dockerfile).Where(l => l.StartsWith("EXPOSE ", StringComparison.Ordinal))
            .SelectMany(l => Ports().Matches(l).Select(m => int.Parse(m.Value, CultureInfo.InvariantCulture))).Order()];

    private static int[] ContainerPorts(System.Text.Json.JsonElement container) =>
        [.. container.Array("ports").Select(p => p.GetProperty("containerPort").GetInt32()).Order()];

    [GeneratedRegex(@"\b\d+\b")]
    private static partial Regex Ports();
}
