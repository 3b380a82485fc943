using Fleet.Contracts.OpAmp;
using Fleet.Supervisor.RemoteConfig;
using Google.Protobuf;

namespace Fleet.Tests.Supervisor;

public class ConfigFileLayoutTests
{
    [Fact]
    public void Place_OneFile_GoesToConfigFileWhateverItsName()
    {
        var (paths, error) = ConfigFileLayout.Place(Map("anything.yaml"), "/etc/otel/config.yaml");

        Assert.Null(error);
        Assert.Equal("/etc/otel/config.yaml", paths!["anything.yaml"]);
    }

    [Fact]
    public void Place_SeveralFiles_BesideConfigFileUnderTheirNames()
    {
        var (paths, _) = ConfigFileLayout.Place(Map("config.yaml", "pipelines.yaml"), "/etc/otel/config.yaml");

        Assert.Equal("/etc/otel/config.yaml", paths!["config.yaml"]);
        Assert.Equal("/etc/otel/pipelines.yaml", paths["pipelines.yaml"]);
    }

    [Fact]
    public void Place_NameWithPath_Refused()
    {
        var (paths, error) = ConfigFileLayout.Place(Map("config.yaml", "../../etc/passwd"), "/etc/otel/config.yaml");

        Assert.Null(paths);
        Assert.Contains("not a plain file name", error);
    }

    private static AgentConfigMap Map(params string[] names)
    {
        var map = new AgentConfigMap();
        foreach (var name in names)
        {
            map.ConfigMap[name] = new AgentConfigFile { Body = ByteString.CopyFromUtf8("x: 1"), ContentType = "text/yaml" };
        }
        return map;
    }
}
