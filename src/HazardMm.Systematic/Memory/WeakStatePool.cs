namespace HazardMm.Systematic.Memory;

/// <summary>
/// Weak-model states kept across iterations (and runs), so an iteration allocates nothing once warm: a machine rents
/// one at its first weak operation and hands it back when its iteration completed (<see cref="ModelMachine.EndIteration"/>).
/// A state whose iteration failed is not handed back: its CPUs may still hold it.
/// </summary>
internal static class WeakStatePool
{
    private static readonly List<WeakState> s_free = [];

    public static WeakState Rent(int cpus)
    {
        lock (s_free)
        {
            for (int i = s_free.Count - 1; i >= 0; i--)
            {
                if (s_free[i].Cpus == cpus)
                {
                    WeakState state = s_free[i];
                    s_free.RemoveAt(i);
                    return state;
                }
            }
        }

        return new WeakState(cpus);
    }

    public static void Return(WeakState state)
    {
        lock (s_free)
        {
            s_free.Add(state);
        }
    }
}
