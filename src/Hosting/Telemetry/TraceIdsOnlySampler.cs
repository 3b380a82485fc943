using OpenTelemetry.Trace;

namespace Fleet.Hosting.Telemetry;

/// <summary>
/// Used when no exporter is configured: every span is created (so log lines still carry trace ids and
/// the trace still crosses into the grains) but none is recorded, since nothing would read it.
/// Recording costs every agent message its tags and its ASP.NET Core and Orleans span data for nothing.
/// </summary>
internal sealed class TraceIdsOnlySampler : Sampler
{
    // Drop still creates the activity (ActivitySamplingResult.PropagationData), unlike an absent listener.
    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) => new(SamplingDecision.Drop);
}
