namespace HazardMm.Systematic.Memory;

/// <summary>
/// Vector clocks as spans of ints, one slot per simulated CPU plus the setup pseudo-CPU (always 0): the views of
/// <see cref="CoyoteWeakMemory"/> (design.md#weak-model). Plain loops: a clock has at most a handful of slots.
/// </summary>
internal static class VectorClock
{
    /// <summary><paramref name="into"/> := <paramref name="into"/> ⊔ <paramref name="from"/>.</summary>
    public static void Join(Span<int> into, ReadOnlySpan<int> from)
    {
        for (int i = 0; i < into.Length; i++)
        {
            if (from[i] > into[i])
            {
                into[i] = from[i];
            }
        }
    }

    /// <summary>Whether <paramref name="big"/> ⊒ <paramref name="small"/>: joining <paramref name="small"/> changes nothing.</summary>
    public static bool Covers(ReadOnlySpan<int> big, ReadOnlySpan<int> small)
    {
        for (int i = 0; i < big.Length; i++)
        {
            if (small[i] > big[i])
            {
                return false;
            }
        }

        return true;
    }
}
