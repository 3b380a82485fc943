using System.Net;

namespace Fleet.Silo;

public static class SiloHealthListener
{
    /// <summary>Kestrel serves only /health/live and /health/ready, on Fleet:Silo:HealthPort (default 4322).</summary>
    public static WebApplicationBuilder AddSiloHealthListener(this WebApplicationBuilder builder)
    {
        var port = builder.Configuration.GetValue("Fleet:Silo:HealthPort", 4322);
        var address = IPAddress.Parse(builder.Configuration.GetValue("Fleet:Silo:HealthAddress", "0.0.0.0")!);
        builder.WebHost.ConfigureKestrel(k => k.Listen(address, port));
        return builder;
    }
}
