namespace Fleet.Gateway.Security.Tls;

/// <summary>One listener's certificate; empty takes the shared default of <see cref="GatewayTlsOptions"/>.</summary>
public class ListenerTlsOptions
{
    public string? CertificatePath { get; set; }

    public string? KeyPath { get; set; }
}
