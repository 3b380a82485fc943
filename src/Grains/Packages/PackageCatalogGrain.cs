using Fleet.Contracts;
using Fleet.Contracts.Agents;
using Fleet.Contracts.Inventory;
using Fleet.Contracts.Packages;
using Google.Protobuf;

namespace Fleet.Grains.Packages;

/// <summary>The package catalog: registrations, and per-agent offers by label selector.</summary>
public sealed class PackageCatalogGrain(
    [PersistentState("package-catalog", FleetStorage.Agents)] IPersistentState<PackageCatalogState> state)
    : Grain, IPackageCatalogGrain
{
    public async Task Register(PackageRegistration package)
    {
        state.State.Packages[package.Name] = package;
        await state.WriteStateAsync();
        await OfferToFleet();
    }

    public async Task<bool> Remove(string name)
    {
        if (!state.State.Packages.Remove(name))
        {
            return false;
        }
        await state.WriteStateAsync();
        await OfferToFleet();
        return true;
    }

    public Task<List<PackageRegistration>> List() =>
        Task.FromResult(state.State.Packages.Values.OrderBy(p => p.Name, StringComparer.Ordinal).ToList());

    public Task<byte[]?> Offer(Dictionary<string, string> attributes) =>
        Task.FromResult(OfferFor(attributes.GetValueOrDefault));

    private byte[]? OfferFor(Func<string, string?> attribute)
    {
        var matching = state.State.Packages.Values.Where(p => Selector(p).Matches(attribute)).ToList();
        return matching.Count == 0 ? null : PackageOffers.Build(matching).ToByteArray();
    }

    /// <summary>Every known agent gets its (possibly changed) offer; agents whose offer did not change ignore it.</summary>
    private async Task OfferToFleet()
    {
        var agents = await GrainFactory.QueryAgents(AgentQuery.All);
        await Task.WhenAll(agents.Select(agent =>
            GrainFactory.Get<IAgentGrain>(agent.InstanceUid).OfferPackages(OfferFor(agent.Attribute))));
    }

    private static LabelSelector Selector(PackageRegistration package)
    {
        // Validated when registered through the API.
        LabelSelector.TryParse(package.Selector, out var selector, out _);
        return selector;
    }
}
