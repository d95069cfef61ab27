using HazardMm.Arch;
using HazardMm.Workload;

namespace HazardMm.Systematic.Scenarios;

/// <summary>
/// A systematic-test scenario: a few CPUs, a few single- or multi-threaded processes placed
/// round-robin (process p's thread t starts on CPU (p * threads + t) mod CPUs), and a script of
/// steps per CPU. When every script is used up, the CPUs quiesce: the remaining tasks exit, every
/// CPU unlazies, and every mm must be freed.
/// </summary>
public sealed record Scenario(
    string Name,
    string Covers,
    ArchModel Arch,
    int Cpus,
    int Processes,
    int ThreadsPerProcess,
    WorkloadStep[][] Scripts)
{
    /// <summary>The kernel has CPU hotplug: a scripted <see cref="TaskAction.CpuDown"/> takes a CPU down (design.md#hotplug).</summary>
    public bool Hotplug { get; init; }

    /// <summary>mm slab size: every process, every exec, and slack for deferred frees.</summary>
    public int MmCapacity => Processes + 8;

    public ScriptedWorkload NewWorkload() => new(Processes, ThreadsPerProcess, Scripts);

    public override string ToString() => Name;
}
