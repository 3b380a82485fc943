using Fleet.Contracts.Security;
using Fleet.Gateway.Security.Tls;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Fleet.Gateway.Security.Agents;

/// <summary>
/// Checks an agent's credentials on the WebSocket upgrade or HTTP POST, before anything reaches a
/// grain: a bearer enrollment token or per-agent credential, or else a client certificate from the
/// server's CA (mutual TLS on the OpAMP listener). Per message, checks the instance uid
/// against the identity (<see cref="Admit"/>) and decides whether to hand out a credential.
/// </summary>
public sealed partial class AgentAuthenticator(
    AgentAccessCache access,
    AgentCertificateValidator certificates,
    IOptions<AgentAuthenticationOptions> options,
    AuthFailureMetrics metrics,
    TimeProvider clock,
    ILogger<AgentAuthenticator> logger)
{
    private readonly byte[][] _configuredTokens = [.. options.Value.EnrollmentTokens.Where(t => t.Length > 0).Select(AgentSecrets.Digest)];

    public bool Required => options.Value.Required;

    public async ValueTask<AgentAuthentication> Authenticate(HttpContext context)
    {
        if (!options.Value.Required)
        {
            return new AgentAuthentication(AgentAuthenticationStatus.Authenticated, AgentIdentity.Anonymous);
        }
        var secret = AgentAccessRules.BearerSecret(context.Request.Headers.Authorization);
        if (secret is null)
        {
            return await AuthenticateCertificate(context);
        }

        var snapshot = await access.Get();
        var now = clock.GetUtcNow();
        var identity = AgentAccessRules.Authenticate(secret, snapshot, _configuredTokens, now, out var failure);
        if (identity is null && failure is "unknown_token" or "bad_credential")
        {
            // Perhaps made on another gateway a moment ago, or the key was not fetched yet.
            snapshot = await access.RefreshAfterMiss();
            identity = AgentAccessRules.Authenticate(secret, snapshot, _configuredTokens, now, out failure);
        }
        if (identity is not null)
        {
            return new AgentAuthentication(AgentAuthenticationStatus.Authenticated, identity);
        }
        if (snapshot is null)
        {
            LogUncheckable(logger);
            return AgentAuthentication.Unavailable;
        }
        // A credential names its agent (signed or not): say which, for whoever reads the log.
        return Refuse(context, failure ?? "refused", AgentAccessRules.ClaimedAgent(secret));
    }

    /// <summary>A client certificate of the Fleet CA names one agent, like a per-agent credential.</summary>
    private async ValueTask<AgentAuthentication> AuthenticateCertificate(HttpContext context)
    {
        if (await context.Connection.GetClientCertificateAsync(context.RequestAborted) is not { } certificate)
        {
            return Refuse(context, "missing");
        }
        if (await certificates.AgentUidAsync(certificate, context.RequestAborted) is not { } agent)
        {
            return Refuse(context, "bad_certificate");
        }
        return new AgentAuthentication(AgentAuthenticationStatus.Authenticated, new AgentIdentity(AgentCredentialKind.Certificate, agent));
    }

    /// <summary>Whether this message's agent may pass with the identity of its connection.</summary>
    public AgentAdmission Admit(AgentIdentity identity, Guid agent, string transport)
    {
        var admission = AgentAccessRules.Admit(identity, agent, access.Current);
        if (admission != AgentAdmission.Admitted)
        {
            var reason = admission == AgentAdmission.Revoked ? "revoked" : "wrong_agent";
            metrics.Failed("opamp", reason);
            LogNotAdmitted(logger, agent, transport, reason);
        }
        return admission;
    }

    /// <summary>The per-agent credential to offer with this reply, if the agent came with an enrollment token and can take one.</summary>
    public string? CredentialToOffer(AgentIdentity identity, Guid agent, ulong capabilities) =>
        options.Value.IssueCredentials ? AgentAccessRules.CredentialToOffer(identity, agent, capabilities, access.Current) : null;

    /// <summary>401 with a Bearer challenge (the response is not started yet).</summary>
    public static void Challenge(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer realm=\"opamp\"";
    }

    private AgentAuthentication Refuse(HttpContext context, string reason, Guid? claimedAgent = null)
    {
        metrics.Failed("opamp", reason);
        var remote = context.Connection.RemoteIpAddress?.ToString();
        if (claimedAgent is { } agent)
        {
            LogCredentialRefused(logger, agent, reason, remote);
        }
        else
        {
            LogRefused(logger, reason, remote);
        }
        return AgentAuthentication.Refused;
    }
}
