using HazardMm.Cpus;
using HazardMm.Sched;

namespace HazardMm.Workload;

/// <summary>
/// The torture workload: each CPU draws its decisions from its own generator seeded by
/// (seed, CPU), so a seed fixes every CPU's decision stream. The generators are
/// <see cref="PerCpuRandom"/>'s, one cache line each: drawing is on every scheduler step. Which CPU runs which task, and so the
/// interleaving, still depends on the host's timing; only a systematic scheduler replays those.
/// </summary>
public sealed class RandomWorkload : IWorkload
{
    private readonly RandomWorkloadOptions _options;
    private readonly PerCpuRandom _random;
    private readonly int _cpus;

    public RandomWorkload(RandomWorkloadOptions options, int cpus, long seed)
    {
        _options = options;
        _cpus = cpus;
        _random = new PerCpuRandom(cpus, cpu => (ulong)(uint)SeedFor(seed, cpu));
    }

    /// <summary>
    /// A fixed mix of (seed, CPU) into a generator seed. Not HashCode.Combine: that is randomized per
    /// process, and the same --seed must give the same decisions in every run.
    /// </summary>
    public static int SeedFor(long seed, int cpu)
    {
        ulong mixed = unchecked(((ulong)seed * 0x9E3779B97F4A7C15UL) + ((ulong)cpu * 0xBF58476D1CE4E5B9UL));
        mixed ^= mixed >> 31;
        return unchecked((int)mixed ^ (int)(mixed >> 32));
    }

    public int InitialProcesses => Math.Max(1, _cpus * _options.TasksPerCpu / _options.ThreadsPerProcess);

    public int ThreadsPerProcess => _options.ThreadsPerProcess;

    public bool Finished => false;

    public WorkloadStep Next(Cpu cpu, TaskStruct curr, ITaskCensus census)
    {
        if (curr.Kind == TaskKind.Idle)
        {
            return NextIdle(cpu.Id);
        }

        // A process that unmapped everything is on its way out: exit before touching memory again.
        return curr.UnmappedAll ? new(TaskAction.Exit) : NextUser(cpu.Id, census);
    }

    /// <remarks>
    /// The census is read only once a step that depends on it is drawn (about one step in six): every
    /// CPU's fork, clone and exit writes it, so reading it at every step was a cache miss at every step.
    /// The draws are the same either way.
    /// </remarks>
    private WorkloadStep NextUser(int cpu, ITaskCensus census)
    {
        RandomWorkloadOptions o = _options;
        double r = _random.NextDouble(cpu);
        int target = _random.Next(cpu, _cpus);
        if ((r -= o.Block) < 0)
        {
            return new(TaskAction.Block);
        }

        if ((r -= o.Yield) < 0)
        {
            return new(TaskAction.Yield);
        }

        if ((r -= o.Migrate) < 0)
        {
            return new(TaskAction.Migrate, target);
        }

        if ((r -= o.Wake) < 0)
        {
            return new(TaskAction.Wake, target);
        }

        if ((r -= o.CloneThread) < 0)
        {
            return MayGrow(census) ? new(TaskAction.Clone, target) : WorkloadStep.Run;
        }

        if ((r -= o.Fork) < 0)
        {
            return MayGrow(census) ? new(TaskAction.Fork, target) : WorkloadStep.Run;
        }

        if ((r -= o.Exec) < 0)
        {
            return new(TaskAction.Exec);
        }

        if ((r -= o.UnmapAll) < 0)
        {
            return MayShrink(census) ? new(TaskAction.UnmapAll) : WorkloadStep.Run;
        }

        if ((r -= o.Exit) < 0)
        {
            return MayShrink(census) ? new(TaskAction.Exit) : WorkloadStep.Run;
        }

        if ((r -= o.QueueWork) < 0)
        {
            return new(TaskAction.QueueWork, target);
        }

        return WorkloadStep.Run;
    }

    private bool MayGrow(ITaskCensus census) => census.LiveUserTasks < (long)_cpus * _options.MaxTasksPerCpu;

    private bool MayShrink(ITaskCensus census) => census.LiveUserTasks > (long)_cpus * _options.TasksPerCpu;

    private WorkloadStep NextIdle(int cpu)
    {
        double r = _random.NextDouble(cpu);
        if (r < _options.IdleUnlazy)
        {
            return new(TaskAction.Unlazy);
        }

        return r < _options.IdleWake ? new(TaskAction.Wake, _random.Next(cpu, _cpus)) : WorkloadStep.Run;
    }
}

/// <summary>
/// Probabilities of each user-task action per quantum (the remainder is "run on"), population
/// bounds, and the idle loop's choices.
/// </summary>
public sealed record RandomWorkloadOptions
{
    /// <summary>The population floor: tasks exit only while there are more than this many per CPU.</summary>
    public int TasksPerCpu { get; init; } = 3;

    /// <summary>The population ceiling: clone and fork only while there are fewer than this many per CPU.</summary>
    public int MaxTasksPerCpu { get; init; } = 6;

    public int ThreadsPerProcess { get; init; } = 2;

    public double Block { get; init; } = 0.30;

    public double Yield { get; init; } = 0.08;

    public double Migrate { get; init; } = 0.05;

    public double Wake { get; init; } = 0.05;

    public double CloneThread { get; init; } = 0.03;

    public double Fork { get; init; } = 0.04;

    public double Exec { get; init; } = 0.02;

    /// <summary>munmap everything, then exit: a process whose exit_mmap finds nothing to flush.</summary>
    public double UnmapAll { get; init; } = 0.02;

    public double Exit { get; init; } = 0.07;

    public double QueueWork { get; init; } = 0.03;

    /// <summary>Idle step: wake a sleeper (onto a random CPU, often this one's neighbour).</summary>
    public double IdleWake { get; init; } = 0.5;

    /// <summary>Idle step: unlazy to init_mm.</summary>
    public double IdleUnlazy { get; init; } = 0.01;
}
