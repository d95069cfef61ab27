namespace HazardMm.Benchmarks;

/// <summary>
/// A reusable spin barrier for pinned threads, one use per round: the leader opens a round, every
/// follower checks in, and no one passes before all have. The leader waits for the check-ins and then
/// releases everyone with one store; a follower spins until that store. Nothing is allocated.
/// </summary>
/// <remarks>
/// Rounds are numbered by the leader. A follower calls <see cref="Arrive"/> with the round it saw
/// opened; the leader calls <see cref="Open"/>, then <see cref="Release"/>. The counters are
/// interlocked, and each wait is a load-acquire of the word the other side stored with release, so
/// what anyone did before the barrier is visible to everyone after it.
/// </remarks>
public sealed class SpinBarrier(int followers)
{
    private long _round;
    private long _arrived;
    private long _go;

    /// <summary>The round the leader opened last; followers wait for it to change.</summary>
    public long Round => Volatile.Read(ref _round);

    /// <summary>Leader: opens the next round and returns its number. Followers see it in <see cref="Round"/>.</summary>
    public long Open()
    {
        Volatile.Write(ref _arrived, 0);
        return Interlocked.Increment(ref _round); // full barrier: the reset is before any check-in of this round
    }

    /// <summary>Leader: waits until every follower checked in to <paramref name="round"/>, then lets them all go.</summary>
    public void Release(long round)
    {
        // Load-acquire of the check-ins; pairs with each follower's interlocked increment in Arrive.
        while (Volatile.Read(ref _arrived) < followers)
        {
            Thread.SpinWait(1);
        }

        // Store-release: what the leader did before is visible to a follower that sees the round here;
        // pairs with the load-acquire spin in Arrive.
        Volatile.Write(ref _go, round);
    }

    /// <summary>Follower: checks in to <paramref name="round"/> and waits until the leader releases it.</summary>
    public void Arrive(long round)
    {
        // Full barrier: this follower's work before the check-in is visible to the leader once it counts
        // it (Release's load-acquire spin); pairs too with Open's reset, which came before the round.
        Interlocked.Increment(ref _arrived);

        // Load-acquire; pairs with Release's store-release of the round.
        while (Volatile.Read(ref _go) != round)
        {
            Thread.SpinWait(1);
        }
    }

    /// <summary>How many followers checked in to the current round (for tests and diagnostics).</summary>
    public long Arrived => Volatile.Read(ref _arrived);
}
