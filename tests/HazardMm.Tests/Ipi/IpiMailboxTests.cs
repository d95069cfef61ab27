using HazardMm.Cpus;
using HazardMm.Ipi;
using HazardMm.Memory;
using HazardMm.Mm;
using HazardMm.Oracle;

namespace HazardMm.Tests.Ipi;

/// <summary>smp_call_function with wait=1: requests run on the target with IRQs off, the sender waits, and mutual waits cannot deadlock.</summary>
public sealed class IpiMailboxTests : IDisposable
{
    private readonly Arena _arena;
    private readonly Cpu[] _cpus;
    private readonly RunControl _control = new();
    private readonly IpiMailbox<HardwareMemory> _ipi;
    private readonly long[] _handled;
    private readonly List<string> _errors = [];

    public IpiMailboxTests()
    {
        const int Cpus = 3;
        _arena = new Arena(PerCpuArea.LinesFor(Cpus));
        _cpus = [.. Enumerable.Range(0, Cpus).Select(i => new Cpu(i))];
        _handled = new long[Cpus];
        _ipi = new IpiMailbox<HardwareMemory>(new PerCpuArea(_arena, 0, Cpus), _cpus, _control, Handle);
    }

    [Fact]
    public void EveryCpuShootingEveryOther_AllFinish_AndEveryRequestRunsOnce()
    {
        const int Rounds = 3000;
        var threads = _cpus.Select(cpu => new Thread(() =>
        {
            for (int round = 0; round < Rounds; round++)
            {
                foreach (Cpu target in _cpus)
                {
                    if (target != cpu)
                    {
                        _ipi.Post(cpu, target.Id, IpiFunction.ShootLazyTlb, MmPtr.FromIndex(round % 7 + 1));
                    }
                }

                _ipi.Wait(cpu);
            }

            // Keep answering until everyone is done, as a CPU's idle loop would.
            while (Volatile.Read(ref _handled[0]) + Volatile.Read(ref _handled[1]) + Volatile.Read(ref _handled[2]) < 6L * Rounds)
            {
                _ipi.PollIpis(cpu);
                _ipi.Relax();
            }
        })).ToArray();
        foreach (Thread thread in threads)
        {
            thread.IsBackground = true;
            thread.Start();
        }

        bool finished = threads.All(t => t.Join(TimeSpan.FromSeconds(60)));
        _control.Fail(new InvariantViolation(ViolationKind.Hang, -1, MmPtr.Null, 0, "test over"));
        Assert.True(finished, "mutual IPI waits deadlocked");
        Assert.Empty(_errors);
        Assert.All(_handled, h => Assert.Equal(2L * Rounds, h));
        Assert.All(_cpus, c => Assert.Equal(2L * Rounds, c.Stats.IpisSent));
    }

    [Fact]
    public void ACallToSelf_RunsLocallyWithIrqsOff_AndIsNotCountedAsAnIpi()
    {
        Cpu self = _cpus[1];
        _ipi.Post(self, self.Id, IpiFunction.CheckLazyTlb, MmPtr.FromIndex(2));
        Assert.Equal(0, _handled[1]);
        _ipi.Wait(self);
        Assert.Equal(1, _handled[1]);
        Assert.Equal(0, self.Stats.IpisSent);
        Assert.False(self.IrqsDisabled);
        Assert.Empty(_errors);
    }

    [Fact]
    public void WaitingWithIrqsOff_IsReported_NotADeadlock()
    {
        Cpu self = _cpus[0];
        self.IrqsDisabled = true;
        var violation = Assert.Throws<InvariantViolation>(() => _ipi.Wait(self));
        Assert.Contains("IRQs off", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMailboxServicedWithIrqsOff_IsReported()
    {
        _ipi.Post(_cpus[0], 1, IpiFunction.ShootLazyTlb, MmPtr.FromIndex(1));
        _cpus[1].IrqsDisabled = true;
        Assert.Throws<InvariantViolation>(() => _ipi.PollIpis(_cpus[1]));
        Assert.Equal(0, _handled[1]);
    }

    [Fact]
    public void ASenderWaitingOnADeadCpu_UnwindsWhenTheRunIsAborted()
    {
        _ipi.Post(_cpus[0], 2, IpiFunction.ShootLazyTlb, MmPtr.FromIndex(1));
        var waiter = new Thread(() => Assert.Throws<RunAbortedException>(() => _ipi.Wait(_cpus[0]))) { IsBackground = true };
        waiter.Start();
        Assert.False(waiter.Join(TimeSpan.FromMilliseconds(200)));
        _control.Fail(new InvariantViolation(ViolationKind.Invariant, 2, MmPtr.Null, 0, "CPU 2 died"));
        Assert.True(waiter.Join(TimeSpan.FromSeconds(30)));
    }

    public void Dispose() => _arena.Dispose();

    private void Handle(Cpu cpu, IpiFunction function, MmPtr mm)
    {
        if (!cpu.IrqsDisabled || function == IpiFunction.None || mm.IsNull)
        {
            lock (_errors)
            {
                _errors.Add($"CPU {cpu.Id}: handler ran with irqs_off={cpu.IrqsDisabled}, {function}({mm})");
            }
        }

        Interlocked.Increment(ref _handled[cpu.Id]);
    }
}
