using Microsoft.Extensions.Options;

namespace Fleet.Grains.Agents;

/// <summary>
/// Refuses a retention under which agents could be forgotten before they are even listed offline, and a
/// negative quiet-agent check.
/// </summary>
public sealed class AgentPolicyOptionsValidator : IValidateOptions<AgentPolicyOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentPolicyOptions options)
    {
        if (options.ForgetOfflineAfter < TimeSpan.Zero)
        {
            return ValidateOptionsResult.Fail($"{AgentPolicyOptions.Section}:ForgetOfflineAfter must be zero (keep offline agents) or positive.");
        }
        if (options.ForgetsOfflineAgents && options.ForgetOfflineAfter <= options.EffectiveOfflineAfter)
        {
            return ValidateOptionsResult.Fail($"{AgentPolicyOptions.Section}:ForgetOfflineAfter ({options.ForgetOfflineAfter}) must be longer than "
                + $"the offline window ({options.EffectiveOfflineAfter}): an agent is forgotten only after it has been listed offline.");
        }
        if (options.QuietAgentCheck != TimeSpan.Zero && options.QuietAgentCheck < TimeSpan.FromSeconds(1))
        {
            return ValidateOptionsResult.Fail($"{AgentPolicyOptions.Section}:QuietAgentCheck must be zero (the offline window) or at least a second: "
                + "each check is a call to the agent's gateway.");
        }
        return ValidateOptionsResult.Success;
    }
}
