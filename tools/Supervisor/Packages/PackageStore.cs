using System.Text.Json;
using Fleet.Supervisor.Storage;

namespace Fleet.Supervisor.Packages;

/// <summary>
/// Installed packages on disk: addons as files under storage.directory/packages/addons (one file per
/// package, named after it), the record of what is installed in storage.directory/packages/installed.json.
/// </summary>
internal sealed class PackageStore(string directory)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private string StatePath => Path.Combine(directory, "installed.json");

    public InstalledPackages Load()
    {
        try
        {
            return File.Exists(StatePath)
                ? JsonSerializer.Deserialize<InstalledPackages>(File.ReadAllBytes(StatePath), Json) ?? new InstalledPackages()
                : new InstalledPackages();
        }
        catch (JsonException)
        {
            return new InstalledPackages();
        }
    }

    public void Save(InstalledPackages installed) => AtomicFile.Write(StatePath, JsonSerializer.SerializeToUtf8Bytes(installed, Json));

    public string AddonPath(string name) => Path.Combine(directory, "addons", name switch
    {
        "" => "_",
        "." => "%2E",
        ".." => "%2E%2E",
        _ => Uri.EscapeDataString(name),
    });
}
