using HazardMm.Arch;
using HazardMm.Cpus;
using HazardMm.Ipi;
using HazardMm.Memory;
using HazardMm.Mm;
using HazardMm.Schemes;

namespace HazardMm.Benchmarks;

/// <summary>
/// Two simulated CPUs of a shootdown kernel on two pinned host threads: CPU 0 is the benchmark's main
/// thread, CPU 1 a helper that does nothing but answer, in one loop, IPIs from its mailbox
/// (design.md#ipi) and a raw ping on a padded line of its own. Both round trips pay the same loop.
/// </summary>
public sealed class IpiPartner : IDisposable
{
    private readonly Kernel<HardwareMemory> _kernel;
    private readonly Arena _lines = new(2);
    private readonly Thread _helper;
    private readonly int[] _mainCores;
    private readonly MmPtr _mm;
    private volatile bool _stopping;
    private long _sequence;

    public IpiPartner()
    {
        int[] cores = ThreadAffinity.AllowedCores();
        _kernel = new Kernel<HardwareMemory>(2, 2, ArchModel.X86, ShootdownScheme.Descriptor);
        if (!_kernel.MmOps.TryMmAlloc(_kernel.Cpus[0], out _mm, out _))
        {
            throw new InvalidOperationException("mm slab full");
        }

        _mainCores = MainThreadAffinity.Pin(cores[0]);
        int helperCore = cores[cores.Length > 1 ? 1 : 0];
        _helper = new Thread(() => Answer(helperCore)) { IsBackground = true, Name = "ipi partner cpu1" };
        _helper.Start();
    }

    /// <summary>smp_call_function_single(1, do_shoot_lazy_tlb, mm, wait=1) through the mailbox.</summary>
    public void SimulatedIpi()
    {
        Cpu self = _kernel.Cpus[0];
        _kernel.Ipi.Post(self, 1, IpiFunction.ShootLazyTlb, _mm);
        _kernel.Ipi.Wait(self);
    }

    /// <summary>
    /// A store-release to the partner's ping line, then a spin until its pong line echoes it; the spin
    /// relaxes as the IPI sender's wait does (<see cref="HardwareMemory.CpuRelax"/>), so the two round
    /// trips differ only in what crosses the cores.
    /// </summary>
    public void PingPong()
    {
        long sequence = ++_sequence;
        Volatile.Write(ref Ping, sequence);
        while (Volatile.Read(ref Pong) != sequence)
        {
            HardwareMemory.CpuRelax();
        }
    }

    public void CheckOracle()
    {
        if (_kernel.Control.Violation is { } violation)
        {
            throw violation;
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _helper.Join();
        MainThreadAffinity.Restore(_mainCores);
        _kernel.Dispose();
        _lines.Dispose();
    }

    private ref long Ping => ref _lines.Word(0, 0);

    private ref long Pong => ref _lines.Word(1, 0);

    private void Answer(int core)
    {
        ThreadAffinity.PinCurrentThread(core);
        Cpu cpu = _kernel.Cpus[1];
        while (!_stopping)
        {
            _kernel.Ipi.PollIpis(cpu);
            long ping = Volatile.Read(ref Ping);
            if (ping != Volatile.Read(ref Pong))
            {
                Volatile.Write(ref Pong, ping);
            }

            Thread.SpinWait(1);
        }
    }
}
