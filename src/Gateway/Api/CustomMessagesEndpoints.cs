using Fleet.Contracts;
using Fleet.Contracts.Agents;
using Fleet.Contracts.Inventory;
using Fleet.Contracts.Messages;

namespace Fleet.Gateway.Api;

/// <summary>Custom capabilities the fleet declares, and custom messages to and from agents.</summary>
public static class CustomMessagesEndpoints
{
    public static RouteGroupBuilder MapCustomMessages(this RouteGroupBuilder api)
    {
        api.MapGet("/capabilities/custom", Capabilities).WithTags("Custom messages").WithName("ListCustomCapabilities");
        api.MapGet("/agents/{uid}/custom-messages", Received).WithTags("Custom messages").WithName("ListCustomMessages");
        api.MapPost("/agents/{uid}/custom-messages", Send).WithTags("Custom messages").WithName("SendCustomMessage");
        return api;
    }

    private static async Task<IResult> Capabilities(AgentDirectoryReader directory)
    {
        var tally = await directory.Tally();
        var counts = tally.CustomCapabilities
            .OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new { capability = c.Key, agents = c.Value });
        return Results.Ok(counts);
    }

    private static async Task<IResult> Received(string uid, IGrainFactory grains)
    {
        if (!InstanceUid.TryParse(uid, out var id))
        {
            return AgentsEndpoints.BadUid(uid);
        }
        var agent = grains.Get<IAgentGrain>(id);
        if (await agent.GetDetail() is null)
        {
            return AgentsEndpoints.UnknownAgent(uid);
        }
        return Results.Ok((await agent.GetCustomMessages()).Select(CustomMessageView.From));
    }

    private static async Task<IResult> Send(string uid, CustomMessageBody body, IGrainFactory grains, TimeProvider clock, Microsoft.Extensions.Options.IOptions<Hosting.GatewayOptions> options)
    {
        if (!InstanceUid.TryParse(uid, out var id))
        {
            return AgentsEndpoints.BadUid(uid);
        }
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.Capability))
        {
            errors["capability"] = ["required: a custom capability the agent declares"];
        }
        if (string.IsNullOrWhiteSpace(body.Type))
        {
            errors["type"] = ["required: the message type, as the capability defines it"];
        }
        if (body.Data is not null == body.Text is not null)
        {
            errors["data"] = ["give either data (base64) or text"];
        }
        byte[] data = [];
        if (body.Data is { } base64 && !TryBase64(base64, out data))
        {
            errors["data"] = ["not base64"];
        }
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }
        if (body.Text is { } text)
        {
            data = System.Text.Encoding.UTF8.GetBytes(text);
        }
        if (ServerMessageBudget.RefuseCustomMessage(body.Capability!, body.Type!, data.Length, options.Value.MaxMessageBytes) is { } tooLarge)
        {
            return tooLarge;
        }
        var result = await grains.Get<IAgentGrain>(id).SendCustomMessage(new CustomMessageRecord(body.Capability!, body.Type!, data, clock.GetUtcNow()));
        return result.Outcome switch
        {
            SetConfigOutcome.UnknownAgent => AgentsEndpoints.UnknownAgent(uid),
            SetConfigOutcome.NotAccepted => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Capability not declared",
                detail: $"The agent does not declare the custom capability '{body.Capability}'."),
            SetConfigOutcome.Pushed => Results.Accepted(value: new { delivery = "pushed" }),
            _ => Results.Accepted(value: new { delivery = "pending" }),
        };
    }

    private static bool TryBase64(string text, out byte[] data)
    {
        var buffer = new byte[text.Length];
        if (Convert.TryFromBase64String(text, buffer, out var written))
        {
            data = buffer[..written];
            return true;
        }
        data = [];
        return false;
    }
}
