namespace Fleet.Gateway.Limits;

/// <summary>
/// One WebSocket's message budget: a token bucket (<c>perSecond</c>, up to <c>burst</c> saved up),
/// and a count of refusals in a fixed window so that a connection that keeps flooding is closed
/// rather than answered forever. Pure: the caller passes a monotonic clock reading. Used only by
/// the session's receive loop, one message at a time, so it needs no locking.
/// </summary>
public sealed class MessageRate(double perSecond, int burst, int refusalsBeforeClose, TimeSpan refusalWindow)
{
    /// <summary>Agents honouring RetryInfo reconnect after it (per the spec): never tell them less than this.</summary>
    public static readonly TimeSpan MinimumRetryAfter = TimeSpan.FromSeconds(1);

    private double _tokens = burst;
    private TimeSpan? _refilledAt;
    private TimeSpan _windowStart;
    private int _refusals;

    /// <summary>null when the limit is off (<see cref="LimitOptions.WebSocketMessagesPerSecond"/> = 0).</summary>
    public static MessageRate? For(LimitOptions options) =>
        options.WebSocketMessagesPerSecond <= 0 ? null
        : new MessageRate(options.WebSocketMessagesPerSecond, Math.Max(1, options.WebSocketMessageBurst), options.WebSocketRefusalsBeforeClose, options.WebSocketRefusalWindow);

    /// <summary>How long the last refused agent should wait before one message fits again.</summary>
    public TimeSpan RetryAfter { get; private set; } = MinimumRetryAfter;

    public MessageAdmission Take(TimeSpan now)
    {
        Refill(now);
        if (_tokens >= 1)
        {
            _tokens -= 1;
            return MessageAdmission.Accepted;
        }

        var untilNextToken = TimeSpan.FromSeconds((1 - _tokens) / perSecond);
        RetryAfter = untilNextToken > MinimumRetryAfter ? untilNextToken : MinimumRetryAfter;
        if (now - _windowStart > refusalWindow)
        {
            (_windowStart, _refusals) = (now, 0);
        }
        _refusals++;
        return _refusals > refusalsBeforeClose ? MessageAdmission.Close : MessageAdmission.Refused;
    }

    private void Refill(TimeSpan now)
    {
        if (_refilledAt is { } last && now > last)
        {
            _tokens = Math.Min(burst, _tokens + (now - last).TotalSeconds * perSecond);
        }
        _refilledAt = now;
    }
}
