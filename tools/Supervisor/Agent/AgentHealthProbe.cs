namespace Fleet.Supervisor.Agent;

/// <summary>GETs the agent's health endpoint: any 2xx is healthy; anything else is the reason it is not.</summary>
internal sealed class AgentHealthProbe(Uri url, HttpClient http, TimeSpan timeout)
{
    /// <summary>Null when healthy; otherwise what went wrong.</summary>
    public async Task<string?> ProblemAsync(CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, limit.Token);
            return response.IsSuccessStatusCode ? null : $"health check {url} answered HTTP {(int)response.StatusCode}";
        }
        catch (HttpRequestException e)
        {
            return $"health check {url} failed: {e.Message}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"health check {url} did not answer within {timeout.TotalSeconds:0.#}s";
        }
    }
}
