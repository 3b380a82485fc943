using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Fleet.Tests.Security.Tls;

/// <summary>A fresh TLS handshake with a listener, to see what it presents and whether it accepts the client.</summary>
public static class TlsProbe
{
    /// <summary>The certificate the listener presents to a new connection (trusted or not: the test compares it).</summary>
    public static async Task<X509Certificate2> ServerCertificate(int port)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        });
        // A copy: the stream disposes its own when it is disposed.
        return X509CertificateLoader.LoadCertificate(tls.RemoteCertificate!.GetRawCertData());
    }
}
