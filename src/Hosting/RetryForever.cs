namespace Fleet.Hosting;

/// <summary>
/// A gateway without silos stays up (not ready) and keeps trying, rather than exiting after the
/// client's default retries: silos may start later, or be restarting.
/// </summary>
internal sealed class RetryForever : IClientConnectionRetryFilter
{
    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        return !cancellationToken.IsCancellationRequested;
    }
}
