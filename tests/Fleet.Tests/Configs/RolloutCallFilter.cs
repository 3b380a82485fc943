using System.Collections.Concurrent;
using Fleet.Contracts.Agents;
using Fleet.Contracts.Configs;

namespace Fleet.Tests.Configs;

/// <summary>
/// Sees every call into the test cluster's grains: counts the rollouts' sweeps and the assignments done,
/// loses agents' reports as a network might, can make assigning slow, and withdrawing slow or failing.
/// </summary>
public sealed class RolloutCallFilter : IIncomingGrainCallFilter
{
    /// <summary>Agents whose reports to their rollout never arrive.</summary>
    public ConcurrentDictionary<Guid, bool> LoseReportsFrom { get; } = new();

    /// <summary>Agents whose grain takes this long to accept an assignment.</summary>
    public ConcurrentDictionary<Guid, TimeSpan> SlowAssignments { get; } = new();

    /// <summary>Agents whose grain takes this long to give a profile up.</summary>
    public ConcurrentDictionary<Guid, TimeSpan> SlowWithdrawals { get; } = new();

    /// <summary>Agents whose grain fails to give a profile up, for as long as they are listed here.</summary>
    public ConcurrentDictionary<Guid, bool> FailingWithdrawals { get; } = new();

    public ConcurrentDictionary<Guid, int> WithdrawalsDone { get; } = new();

    public ConcurrentDictionary<Guid, int> ReportsLost { get; } = new();

    public ConcurrentDictionary<Guid, int> Reports { get; } = new();

    /// <summary>GetConfigState calls per agent: the rollouts' reconciliation sweeps.</summary>
    public ConcurrentDictionary<Guid, int> ConfigStateAsked { get; } = new();

    public ConcurrentDictionary<Guid, int> AssignmentsDone { get; } = new();

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        switch (context.MethodName)
        {
            case nameof(IConfigProfileGrain.ReportOutcome) when context.Request.GetArgument(0) is Guid agent:
                if (LoseReportsFrom.ContainsKey(agent))
                {
                    ReportsLost.AddOrUpdate(agent, 1, (_, n) => n + 1);
                    return;
                }
                Reports.AddOrUpdate(agent, 1, (_, n) => n + 1);
                break;
            case nameof(IAgentGrain.GetConfigState):
                ConfigStateAsked.AddOrUpdate(context.TargetId.GetGuidKey(), 1, (_, n) => n + 1);
                break;
            case nameof(IAgentGrain.AssignProfile):
                var uid = context.TargetId.GetGuidKey();
                if (SlowAssignments.TryGetValue(uid, out var delay))
                {
                    await Task.Delay(delay);
                }
                await context.Invoke();
                AssignmentsDone.AddOrUpdate(uid, 1, (_, n) => n + 1);
                return;
            case nameof(IAgentGrain.UnassignProfile):
                var withdrawn = context.TargetId.GetGuidKey();
                if (SlowWithdrawals.TryGetValue(withdrawn, out var slow))
                {
                    await Task.Delay(slow);
                }
                if (FailingWithdrawals.ContainsKey(withdrawn))
                {
                    throw new InvalidOperationException($"agent {withdrawn} cannot give the profile up (test)");
                }
                await context.Invoke();
                WithdrawalsDone.AddOrUpdate(withdrawn, 1, (_, n) => n + 1);
                return;
        }
        await context.Invoke();
    }
}
