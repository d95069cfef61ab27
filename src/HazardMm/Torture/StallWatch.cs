using HazardMm.Cpus;

namespace HazardMm.Torture;

/// <summary>
/// The stall check of a torture run (design.md#torture): a CPU whose scheduler loop has not gone
/// round for longer than the bound is stuck, whether in a spin (an IPI nobody answers) or gone. Each
/// CPU is watched on its own: one stuck CPU is a stall even while the others run. Time spent in a
/// stutter pause, when every CPU is held on purpose, does not count, nor does time offline
/// (design.md#hotplug): an offline CPU runs nothing on purpose.
/// </summary>
internal sealed class StallWatch
{
    private readonly Cpu[] _cpus;
    private readonly CpuOnlineMask _online;
    private readonly TimeSpan _bound;
    private readonly long[] _heartbeat;
    private readonly TimeSpan[] _progressAt;

    public StallWatch(Cpu[] cpus, CpuOnlineMask online, TimeSpan bound)
    {
        _cpus = cpus;
        _online = online;
        _bound = bound;
        _heartbeat = new long[cpus.Length];
        _progressAt = new TimeSpan[cpus.Length];
        Restart(TimeSpan.Zero);
    }

    /// <summary>Every CPU counts as having just made progress (the start, the end of a stutter pause).</summary>
    public void Restart(TimeSpan now)
    {
        for (int i = 0; i < _cpus.Length; i++)
        {
            _heartbeat[i] = Volatile.Read(ref _cpus[i].Stats.Heartbeat);
            _progressAt[i] = now;
        }
    }

    /// <summary>The first CPU with no progress for longer than the bound at <paramref name="now"/>, else null.</summary>
    public Cpu? Stuck(TimeSpan now)
    {
        for (int i = 0; i < _cpus.Length; i++)
        {
            long heartbeat = Volatile.Read(ref _cpus[i].Stats.Heartbeat);
            if (heartbeat != _heartbeat[i] || !_online.IsOnline(i))
            {
                _heartbeat[i] = heartbeat;
                _progressAt[i] = now;
            }
            else if (now - _progressAt[i] > _bound)
            {
                return _cpus[i];
            }
        }

        return null;
    }
}
