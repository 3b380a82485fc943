using Fleet.Contracts;
using Fleet.Contracts.Connections;
using Fleet.Gateway.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fleet.Gateway.Security.Tls;

/// <summary>
/// TLS for the listeners from PEM files, re-read when they change; optional client certificates on
/// the OpAMP listener; and the validator that maps an agent's client certificate to its instance uid.
/// Without settings both listeners stay plain HTTP.
/// </summary>
public static class TlsHosting
{
    public static WebApplicationBuilder AddFleetTls(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<GatewayTlsOptions>(builder.Configuration.GetSection(GatewayTlsOptions.Section));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ServerCertificates>();
        builder.Services.AddSingleton(services => new AgentCertificateValidator(
            () => services.GetRequiredService<IGrainFactory>().Get<ICertificateAuthorityGrain>(0).CertificatePem(),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILogger<AgentCertificateValidator>>()));
        return builder;
    }

    /// <summary>HTTPS on the listener when a certificate is configured for it (see <see cref="AddFleetTls"/>).</summary>
    public static ListenOptions UseFleetTls(this ListenOptions listen, Listener listener)
    {
        if (listen.ApplicationServices.GetService<ServerCertificates>()?.For(listener) is not { } tls)
        {
            return listen;
        }
        return listen.UseHttps(new TlsHandshakeCallbackOptions
        {
            OnConnection = _ => ValueTask.FromResult(tls.HandshakeOptions()),
        });
    }
}
