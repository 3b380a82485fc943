using Fleet.Contracts.Connections;
using Orleans.Concurrency;

namespace Fleet.Grains.Connections;

[StatelessWorker]
public sealed class CertificateAuthorityGrain(CertificateAuthority authority) : Grain, ICertificateAuthorityGrain
{
    public Task<string> CertificatePem() => Task.FromResult(authority.CertificatePem);
}
