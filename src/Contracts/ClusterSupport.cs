using Orleans.Metadata;

namespace Fleet.Contracts;

/// <summary>
/// Whether a grain interface may be called yet. During a rolling upgrade an older silo cannot decode a
/// call of an interface it lacks, and the caller's whole connection to it stopped answering: new calls
/// therefore go on new interfaces, used once every silo has them (docs/operations.md, Mixed versions).
/// </summary>
public static class ClusterSupport
{
    public static bool EverySiloHas(ClusterManifest manifest, GrainInterfaceType type) =>
        !manifest.Silos.IsEmpty && manifest.Silos.Values.All(silo => silo.Interfaces.ContainsKey(type));
}
