using Fleet.Grains.Inventory;
using Orleans;

namespace Fleet.Tests.Inventory;

public class DirectoryOptionsTests
{
    [Fact]
    public void SavesOnDeactivation_ShutdownWithoutSaveOnShutdown_DoesNotSave()
    {
        var options = new DirectoryOptions { SaveOnShutdown = false };

        Assert.False(options.SavesOnDeactivation(dirty: true, DeactivationReasonCode.ShuttingDown));
    }

    [Fact]
    public void SavesOnDeactivation_IdleCollectionWithoutSaveOnShutdown_Saves()
    {
        var options = new DirectoryOptions { SaveOnShutdown = false };

        Assert.True(options.SavesOnDeactivation(dirty: true, DeactivationReasonCode.ActivationIdle));
    }

    [Fact]
    public void SavesOnDeactivation_ShutdownByDefault_Saves()
    {
        Assert.True(new DirectoryOptions().SavesOnDeactivation(dirty: true, DeactivationReasonCode.ShuttingDown));
    }

    [Fact]
    public void SavesOnDeactivation_NothingChanged_DoesNotSave()
    {
        Assert.False(new DirectoryOptions().SavesOnDeactivation(dirty: false, DeactivationReasonCode.ShuttingDown));
    }
}
