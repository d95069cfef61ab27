using HazardMm.Cpus;
using HazardMm.Sched;

namespace HazardMm.Workload;

/// <summary>
/// A fixed sequence of steps per CPU, for systematic tests: small, exact scenarios whose every
/// interleaving a systematic scheduler can explore. A step is taken only when it fits the CPU's
/// current task (a user-task action needs a user task; <see cref="TaskAction.Unlazy"/> needs the idle
/// task; <see cref="TaskAction.Wake"/> and <see cref="TaskAction.Run"/> fit both); until then the CPU
/// just runs. When every script is used up the workload is finished and the CPUs quiesce: every
/// remaining task exits, every sleeper is woken to do so.
/// </summary>
public sealed class ScriptedWorkload : IWorkload
{
    private readonly WorkloadStep[][] _scripts;
    private readonly int[] _next;
    private int _finishedCpus;

    public ScriptedWorkload(int initialProcesses, int threadsPerProcess, params WorkloadStep[][] scripts)
    {
        InitialProcesses = initialProcesses;
        ThreadsPerProcess = threadsPerProcess;
        _scripts = scripts;
        _next = new int[scripts.Length];
        _finishedCpus = scripts.Count(s => s.Length == 0);
    }

    public int InitialProcesses { get; }

    public int ThreadsPerProcess { get; }

    public bool Finished => Volatile.Read(ref _finishedCpus) == _scripts.Length;

    public WorkloadStep Next(Cpu cpu, TaskStruct curr, ITaskCensus census)
    {
        WorkloadStep[] script = cpu.Id < _scripts.Length ? _scripts[cpu.Id] : [];
        int index = _next[cpu.Id];
        if (index >= script.Length || !Fits(script[index].Action, curr.Kind))
        {
            return WorkloadStep.Run;
        }

        _next[cpu.Id] = index + 1;
        if (index + 1 == script.Length)
        {
            Interlocked.Increment(ref _finishedCpus);
        }

        return script[index];
    }

    private static bool Fits(TaskAction action, TaskKind kind) => action switch
    {
        TaskAction.Run or TaskAction.Wake => true,
        TaskAction.Unlazy or TaskAction.CpuDown => kind == TaskKind.Idle,
        _ => kind == TaskKind.User,
    };
}
