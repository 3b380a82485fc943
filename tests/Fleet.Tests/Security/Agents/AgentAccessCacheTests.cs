using System.Reflection;
using Fleet.Gateway.Security.Agents;
using Fleet.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fleet.Tests.Security.Agents;

public class AgentAccessCacheTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Get_ManyConnectionsBeforeTheFirstSnapshot_OneGrainCall()
    {
        var grains = GrainReferenceCounter.Wrap(gateway.Grains, out var counter);
        var cache = new AgentAccessCache(grains, Options.Create(new AgentAuthenticationOptions()), TimeProvider.System, NullLogger<AgentAccessCache>.Instance);

        // A connect storm on a gateway that has no snapshot yet (its fetch at start failed).
        var snapshots = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => cache.Get().AsTask()));

        Assert.All(snapshots, Assert.NotNull);
        Assert.Equal(1, counter.References);
    }

    [Fact]
    public async Task TryRefresh_SnapshotHeld_AsksTheGrainAgain()
    {
        var grains = GrainReferenceCounter.Wrap(gateway.Grains, out var counter);
        var cache = new AgentAccessCache(grains, Options.Create(new AgentAuthenticationOptions()), TimeProvider.System, NullLogger<AgentAccessCache>.Instance);

        Assert.NotNull(await cache.Get());
        Assert.NotNull(await cache.TryRefresh());

        Assert.Equal(2, counter.References);
    }

    /// <summary>Counts the grain references taken through a real grain factory: one per grain call here.</summary>
    public class GrainReferenceCounter : DispatchProxy
    {
        private IGrainFactory _inner = null!;
        private int _references;

        public int References => Volatile.Read(ref _references);

        public static IGrainFactory Wrap(IGrainFactory inner, out GrainReferenceCounter counter)
        {
            var proxy = Create<IGrainFactory, GrainReferenceCounter>();
            counter = (GrainReferenceCounter)(object)proxy;
            counter._inner = inner;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod!.Name == nameof(IGrainFactory.GetGrain))
            {
                Interlocked.Increment(ref _references);
            }
            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }
        }
    }
}
