using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace HazardMm.Cpus;

/// <summary>How one spin step of <c>cpu_relax</c> spends host time on real hardware (design.md#cpu-relax).</summary>
public enum RelaxMode
{
    /// <summary>PAUSE, and give the host core away once every <see cref="CpuRelaxPolicy.SpinsBeforeYield"/> steps.</summary>
    SpinThenYield,

    /// <summary>Give the host core away at every step: more simulated CPUs than host cores.</summary>
    Yield,
}

/// <summary>
/// The hardware <c>cpu_relax</c> (design.md#cpu-relax): the kernel's is one PAUSE, so a spinner on its
/// own host core executes one PAUSE per step and makes a sched_yield only after a bounded run of
/// steps, in case the CPU it waits for shares its core with it (an unpinned run). When the simulated CPUs
/// outnumber the host cores the CPU waited for may well be a descheduled thread on this very core:
/// every step yields. The mode is per OS thread; <see cref="HardwareCpuHost"/> sets it on each CPU thread.
/// </summary>
public static class CpuRelaxPolicy
{
    /// <summary>PAUSE steps between two yields in <see cref="RelaxMode.SpinThenYield"/>.</summary>
    public const int SpinsBeforeYield = 1000;

    [ThreadStatic]
    private static bool t_yieldEveryStep;

    [ThreadStatic]
    private static int t_spins;

    /// <summary>The calling thread's mode; <see cref="RelaxMode.SpinThenYield"/> until set.</summary>
    public static RelaxMode Current
    {
        get => t_yieldEveryStep ? RelaxMode.Yield : RelaxMode.SpinThenYield;
        set => t_yieldEveryStep = value == RelaxMode.Yield;
    }

    /// <summary>The mode for <paramref name="cpus"/> simulated CPUs on <paramref name="hostCores"/> host cores.</summary>
    public static RelaxMode For(int cpus, int hostCores) => cpus > hostCores ? RelaxMode.Yield : RelaxMode.SpinThenYield;

    /// <summary>One spin step in the calling thread's mode.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Relax()
    {
        if (t_yieldEveryStep || ++t_spins >= SpinsBeforeYield)
        {
            t_spins = 0;
            Thread.Yield();
            return;
        }

        Pause();
    }

    /// <summary>One PAUSE (x86) or YIELD (arm64) instruction, as the kernel's cpu_relax; elsewhere the runtime's shortest spin.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Pause()
    {
        if (X86Base.IsSupported)
        {
            X86Base.Pause();
        }
        else if (ArmBase.IsSupported)
        {
            ArmBase.Yield();
        }
        else
        {
            Thread.SpinWait(1);
        }
    }
}
