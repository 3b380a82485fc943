using Fleet.Contracts.Configs;
using Fleet.Contracts.Inventory;

namespace Fleet.Grains.Configs;

/// <summary>Every profile's selector, priority and stable version (profiles are few; agents are many).</summary>
public sealed class ProfileIndexGrain(
    [PersistentState("profile-index", FleetStorage.Agents)] IPersistentState<ProfileIndexState> state)
    : Grain, IProfileIndexGrain, IProfileIndexRemoval
{
    private readonly Dictionary<string, LabelSelector> _selectors = [];

    public async Task Upsert(ProfileIndexEntry entry)
    {
        state.State.Profiles[entry.Name] = entry;
        _selectors.Remove(entry.Name);
        await state.WriteStateAsync();
    }

    /// <summary>Written even when the name is not there: a retry after a failed write must reach storage.</summary>
    public async Task Remove(string name)
    {
        _selectors.Remove(name);
        state.State.Profiles.Remove(name);
        await state.WriteStateAsync();
    }

    public Task<List<string>> Names() => Task.FromResult(state.State.Profiles.Keys.Order(StringComparer.Ordinal).ToList());

    public Task<List<ProfileAssignment>> Match(Dictionary<string, string> attributes)
    {
        var matches = new List<ProfileAssignment>();
        foreach (var entry in state.State.Profiles.Values)
        {
            if (entry.Stable is { } stable && Selector(entry).Matches(attributes.GetValueOrDefault))
            {
                matches.Add(stable);
            }
        }
        return Task.FromResult(matches);
    }

    private LabelSelector Selector(ProfileIndexEntry entry)
    {
        if (!_selectors.TryGetValue(entry.Name, out var selector))
        {
            // Stored selectors were validated when the profile was defined.
            LabelSelector.TryParse(entry.Selector, out selector, out _);
            _selectors[entry.Name] = selector;
        }
        return selector;
    }
}
