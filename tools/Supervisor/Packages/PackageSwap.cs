namespace Fleet.Supervisor.Packages;

/// <summary>
/// One file put in (or taken out of) place for a package. The new file replaces the old in one rename,
/// so the target never goes missing; the old one is kept aside until the agent proves healthy.
/// </summary>
internal sealed class PackageSwap
{
    private readonly string? _staged;
    private string? _backup;

    private PackageSwap(string name, string target, string? staged)
    {
        Name = name;
        Target = target;
        _staged = staged;
    }

    public string Name { get; }

    public string Target { get; }

    /// <summary>Taking the package out rather than putting a new file in.</summary>
    public bool IsRemoval => _staged is null;

    /// <summary>Puts a downloaded (and verified) file at <paramref name="target"/>.</summary>
    public static PackageSwap Install(string name, string target, string staged) => new(name, target, staged);

    /// <summary>Takes the file at <paramref name="target"/> away.</summary>
    public static PackageSwap Removal(string name, string target) => new(name, target, null);

    public void Apply()
    {
        if (File.Exists(Target))
        {
            _backup = Target + ".previous";
            if (_staged is null)
            {
                File.Move(Target, _backup, overwrite: true);
                return;
            }
            File.Copy(Target, _backup, overwrite: true);
        }
        if (_staged is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Target)!);
            File.Move(_staged, Target, overwrite: true);
        }
    }

    public void RollBack()
    {
        if (_backup is not null)
        {
            File.Move(_backup, Target, overwrite: true);
            _backup = null;
        }
        else if (_staged is not null)
        {
            File.Delete(Target);
        }
    }

    /// <summary>Deletes the downloaded file if it never went in place.</summary>
    public void Discard()
    {
        if (_staged is not null)
        {
            File.Delete(_staged);
        }
    }

    public void Commit()
    {
        if (_backup is not null)
        {
            File.Delete(_backup);
        }
    }
}
