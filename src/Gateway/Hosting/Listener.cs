namespace Fleet.Gateway.Hosting;

/// <summary>Endpoint metadata: which of the gateway's listeners an endpoint belongs to.</summary>
public sealed class Listener
{
    public static readonly Listener OpAmp = new("opamp");
    public static readonly Listener Management = new("management");

    private Listener(string name) => Name = name;

    public string Name { get; }

    public override string ToString() => Name;
}
