using System.Diagnostics;
using HazardMm.Memory;

namespace HazardMm.Cpus;

/// <summary>
/// The torture faults that cost host time (design.md#torture): delayed IPI delivery, and the stutter
/// that holds every CPU at once. Like the rest of <see cref="HostDelays"/> they busy-wait (never sleep),
/// count what they did in <see cref="CpuStats"/>, and do nothing under a systematic model.
/// </summary>
public sealed partial class HostDelays
{
    private readonly long _ipiDelayTicks;
    private readonly PerCpuRandom? _ipiDelayRandom;
    private readonly long[]? _deliverAt;
    private volatile bool _stutter;
    private readonly PerCpuRandom? _mmputAsyncRandom;
    private readonly int _cpus;

    /// <summary>Delayed IPIs; null when IPIs are taken at once.</summary>
    public IpiDelay? IpiDelay { get; }

    /// <summary>
    /// Called where a CPU has found an IPI pending and could take it: true while its delivery is
    /// still delayed (the CPU runs on and polls again later). Each pending episode draws one delay.
    /// </summary>
    public bool DeferIpi(Cpu cpu)
    {
        if (_deliverAt is null)
        {
            return false;
        }

        long now = Stopwatch.GetTimestamp();
        ref long deliverAt = ref _deliverAt[cpu.Id * PaddedLongs];
        if (deliverAt == 0)
        {
            long delay = (long)(_ipiDelayRandom!.NextDouble(cpu.Id) * _ipiDelayTicks);
            if (delay == 0)
            {
                return false;
            }

            deliverAt = now + delay;
            cpu.Stats.IpisDelayed++;
            cpu.Stats.IpiDelayTicks += delay;
            return true;
        }

        if (now < deliverAt)
        {
            return true;
        }

        deliverAt = 0;
        return false;
    }

    /// <summary>mmput_async at exit; null when every exit puts its mm itself.</summary>
    public MmputAsync? MmputAsync { get; }

    /// <summary>
    /// At an exit's mmput on <paramref name="cpu"/>: the other CPU whose kworker runs the __mmput of an
    /// mmput_async, or null for a plain mmput.
    /// </summary>
    public int? MmputAsyncTarget(Cpu cpu)
    {
        if (_mmputAsyncRandom is null || _cpus < 2 || _mmputAsyncRandom.NextDouble(cpu.Id) >= MmputAsync!.Probability)
        {
            return null;
        }

        return (cpu.Id + 1 + _mmputAsyncRandom.Next(cpu.Id, _cpus - 1)) % _cpus;
    }

    /// <summary>Holds (true) or releases (false) every CPU at its next stutter point.</summary>
    public void Stutter(bool hold) => _stutter = hold;

    /// <summary>
    /// A stutter point, at the top of the scheduler loop (IRQs on): while a stutter holds, the CPU
    /// waits here, descheduled, until it is released or the run aborts.
    /// </summary>
    public void StutterPoint(Cpu cpu)
    {
        if (!_stutter)
        {
            return;
        }

        long start = Stopwatch.GetTimestamp();
        while (_stutter && _control is not { Aborted: true })
        {
            HardwareMemory.CpuRelax();
        }

        cpu.Stats.Stutters++;
        cpu.Stats.StutteredTicks += Stopwatch.GetTimestamp() - start;
    }
}
