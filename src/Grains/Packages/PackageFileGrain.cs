using Fleet.Contracts.Packages;

namespace Fleet.Grains.Packages;

/// <summary>One uploaded package file; immutable once stored (a new version is a new grain).</summary>
public sealed class PackageFileGrain(
    [PersistentState("package-file", FleetStorage.Agents)] IPersistentState<PackageFileState> state)
    : Grain, IPackageFileGrain
{
    public async Task Store(byte[] content)
    {
        state.State = new PackageFileState { Content = content };
        await state.WriteStateAsync();
    }

    public Task<byte[]?> Get() => Task.FromResult(state.State.Content);
}
