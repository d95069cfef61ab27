namespace HazardMm.Cpus;

/// <summary>
/// Two fresh threads on two different host cores (when the process may use two): a <c>measure</c>
/// body and a <c>partner</c> body that runs until the measurement returns. How round trips between
/// two CPUs are timed without pinning the caller's own thread (whose mask new threads would inherit).
/// </summary>
internal static class PairedThreads
{
    /// <summary>Runs <paramref name="partner"/>(stop) beside <paramref name="measure"/>; returns what <paramref name="measure"/> returns.</summary>
    public static T Run<T>(Func<T> measure, Action<Func<bool>> partner)
    {
        int[] cores = ThreadAffinity.AllowedCores();
        bool pin = cores.Length >= 2;
        RelaxMode relax = CpuRelaxPolicy.For(2, cores.Length);
        int stop = 0;
        int partnerReady = 0;
        var partnerThread = new Thread(() =>
        {
            if (pin)
            {
                ThreadAffinity.PinCurrentThread(cores[1]);
            }

            CpuRelaxPolicy.Current = relax;
            Volatile.Write(ref partnerReady, 1);
            partner(() => Volatile.Read(ref stop) != 0);
        })
        { IsBackground = true, Name = "ipi-partner" };

        T result = default!;
        Exception? failure = null;
        var measureThread = new Thread(() =>
        {
            try
            {
                if (pin)
                {
                    ThreadAffinity.PinCurrentThread(cores[0]);
                }

                CpuRelaxPolicy.Current = relax;
                while (Volatile.Read(ref partnerReady) == 0)
                {
                    Thread.Yield();
                }

                result = measure();
            }
            catch (Exception e)
            {
                failure = e;
            }
            finally
            {
                Volatile.Write(ref stop, 1);
            }
        })
        { IsBackground = true, Name = "ipi-measure" };

        partnerThread.Start();
        measureThread.Start();
        measureThread.Join();
        partnerThread.Join();
        if (failure is not null)
        {
            throw new InvalidOperationException("the round-trip measurement failed", failure);
        }

        return result;
    }

    /// <summary>The median of <paramref name="samples"/> (sorted in place).</summary>
    public static long Median(long[] samples)
    {
        Array.Sort(samples);
        return samples[samples.Length / 2];
    }
}
