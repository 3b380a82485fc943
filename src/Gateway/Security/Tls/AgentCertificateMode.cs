namespace Fleet.Gateway.Security.Tls;

/// <summary>Whether the OpAMP listener asks agents for a client certificate during the TLS handshake.</summary>
public enum AgentCertificateMode
{
    /// <summary>Not asked for.</summary>
    None,

    /// <summary>Asked for; agents without one still connect.</summary>
    Allow,

    /// <summary>Asked for; a handshake without one fails.</summary>
    Require,
}
