using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Deploy;

/// <summary>
/// The offline tool chain of deploy/k8s: kubectl's built-in kustomize renders an overlay,
/// deploy/k8s/validate/validate.mjs (node) checks every object against the Kubernetes schemas.
/// The test command installs the validator's npm packages (npm ci in deploy/k8s/validate).
/// </summary>
public static class DeployTools
{
    public static string K8sFolder { get; } = Path.Combine(RepositoryRoot.Path, "deploy", "k8s");

    public static string ValidatorFolder { get; } = Path.Combine(K8sFolder, "validate");

    /// <summary>Every overlay folder: a new overlay is rendered and checked without touching the tests.</summary>
    public static IReadOnlyList<string> OverlayNames { get; } =
        [.. System.IO.Directory.GetDirectories(Path.Combine(K8sFolder, "overlays")).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    private static readonly Lazy<string> KustomizeVersion = new(CheckKubectl);

    public static string Kustomize(string folder)
    {
        _ = KustomizeVersion.Value;
        var result = Run("kubectl", ["kustomize", folder]);
        Assert.True(result.ExitCode == 0, $"kubectl kustomize {folder} failed:\n{result.Stderr}");
        return result.Stdout;
    }

    /// <summary>Validates a YAML file; the parsed objects are written to <paramref name="jsonOut"/> when given.</summary>
    public static ProcessResult Validate(string yamlFile, string label, string? jsonOut = null)
    {
        if (!System.IO.Directory.Exists(Path.Combine(ValidatorFolder, "node_modules", "kubernetes-models"))
            || !System.IO.Directory.Exists(Path.Combine(ValidatorFolder, "node_modules", "@kubernetes", "client-node")))
        {
            Assert.Fail($"npm packages missing in {ValidatorFolder}: run the test command (scripts/test.sh), which runs npm ci there.");
        }
        List<string> args = [Path.Combine(ValidatorFolder, "validate.mjs"), "--label", label];
        if (jsonOut is not null)
        {
            args.AddRange(["--json-out", jsonOut]);
        }
        args.Add(yamlFile);
        return Run("node", args);
    }

    public static ProcessResult Run(string program, IReadOnlyList<string> args)
    {
        var info = new ProcessStartInfo(program, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot.Path,
        };
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"{program} is not installed or not on PATH ({e.Message}); see deploy/k8s/README.md", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"{program} {string.Join(' ', args)} did not finish within 2 minutes");
            }
            process.WaitForExit();
            return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
        }
    }

    /// <summary>Components and the `labels` field need kustomize v4+; the manifests are tested with v5.</summary>
    private static string CheckKubectl()
    {
        var result = Run("kubectl", ["version", "--client", "-o", "json"]);
        Assert.True(result.ExitCode == 0, $"kubectl version failed:\n{result.Stderr}");
        using var json = JsonDocument.Parse(result.Stdout);
        var version = json.RootElement.TryGetProperty("kustomizeVersion", out var v) ? v.GetString() ?? "" : "";
        var major = version.TrimStart('v').Split('.')[0];
        Assert.True(int.TryParse(major, out var number) && number >= 5,
            $"kubectl's built-in kustomize is '{version}', deploy/k8s needs v5 or later (kubectl 1.27+)");
        return version;
    }
}

public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr);
