namespace Fleet.Contracts;

/// <summary>
/// Grain references without Orleans' per-call type resolution. <c>IGrainFactory.GetGrain&lt;T&gt;(key)</c>
/// reads the interface's attributes by reflection on every call (in a profile of a gateway holding an
/// idle 10k fleet, 6 % of its CPU: one such call per heartbeat). Here the grain and interface
/// types are resolved once per interface and every later reference is built from them.
/// </summary>
public static class GrainLookup
{
    public static TGrain Get<TGrain>(this IGrainFactory grains, Guid key) where TGrain : IGrainWithGuidKey =>
        Resolved<TGrain>.Types is { } types
            ? (TGrain)grains.GetGrain(GrainId.Create(types.Grain, GrainIdKeyExtensions.CreateGuidKey(key)), types.Interface)
            : Resolved<TGrain>.Remember(grains.GetGrain<TGrain>(key));

    public static TGrain Get<TGrain>(this IGrainFactory grains, long key) where TGrain : IGrainWithIntegerKey =>
        Resolved<TGrain>.Types is { } types
            ? (TGrain)grains.GetGrain(GrainId.Create(types.Grain, GrainIdKeyExtensions.CreateIntegerKey(key)), types.Interface)
            : Resolved<TGrain>.Remember(grains.GetGrain<TGrain>(key));

    public static TGrain Get<TGrain>(this IGrainFactory grains, string key) where TGrain : IGrainWithStringKey =>
        Resolved<TGrain>.Types is { } types && !string.IsNullOrWhiteSpace(key)
            ? (TGrain)grains.GetGrain(GrainId.Create(types.Grain, IdSpan.Create(key)), types.Interface)
            : Resolved<TGrain>.Remember(grains.GetGrain<TGrain>(key));

    private sealed record Types(GrainType Grain, GrainInterfaceType Interface);

    /// <summary>One per interface; the grain type of an interface is the same for every silo and client of a deployment.</summary>
    private static class Resolved<TGrain>
    {
        public static volatile Types? Types;

        public static TGrain Remember(TGrain grain)
        {
            // "sys." types are Orleans' own, including a placeholder for an implementation not known
            // yet (a client before the cluster's manifest arrived): never remembered.
            if (grain is GrainReference reference && !reference.GrainId.Type.ToString()!.StartsWith("sys.", StringComparison.Ordinal))
            {
                Types = new Types(reference.GrainId.Type, reference.InterfaceType);
            }
            return grain;
        }
    }
}
