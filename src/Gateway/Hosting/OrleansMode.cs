namespace Fleet.Gateway.Hosting;

public enum OrleansMode
{
    Embedded,
    Client,
}
