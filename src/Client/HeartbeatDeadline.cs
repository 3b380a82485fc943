namespace Fleet.Client;

/// <summary>
/// One client's next heartbeat on a <see cref="HeartbeatClock"/>: when it is due, and whether (and for
/// when) the clock holds an entry for it. The clock reads and writes both under its lock.
/// </summary>
internal sealed class HeartbeatDeadline(Action due)
{
    /// <summary>The clock's milliseconds at which to fire; <see cref="long.MaxValue"/>: not scheduled.</summary>
    internal long DueAt { get; set; } = long.MaxValue;

    /// <summary>The time of this deadline's live entry in the clock's queue; <see cref="long.MaxValue"/>: none.</summary>
    internal long QueuedAt { get; set; } = long.MaxValue;

    internal void Fire() => due();
}
