using HazardMm.Arch;
using HazardMm.Workload;
using static HazardMm.Workload.TaskAction;

namespace HazardMm.Systematic.Scenarios;

/// <summary>
/// The scenarios every scheme must pass under every registered memory model. Each is small enough to
/// explore (2–3 CPUs, 2–3 processes, a handful of steps) and aimed at one race of the protocol.
/// arm64 is used where the schemes must do all the work themselves (no exit flush unlazies anybody);
/// x86 where its flush IPIs are part of the race.
/// </summary>
public static class ScenarioCatalog
{
    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("migrate-then-exit",
            "enter and leave lazy racing with the last mmput: P migrates off CPU 0 (which goes lazy on P) and exits on CPU 1, while CPU 0 wakes Q and leaves lazy mode",
            ArchModel.Arm64, 2, 2, 1,
            [
                [new(Migrate, 1), new(Wake, 0)],
                [new(Block), new(Exit)],
            ]),
        new("switch-vs-flush",
            "the same moves on x86: the exit flush IPI reaches CPU 0 while it switches (an IPI arriving at an IRQs-off window)",
            ArchModel.X86, 2, 2, 1,
            [
                [new(Migrate, 1), new(Wake, 0)],
                [new(Block), new(Exit)],
            ]),
        new("threads-exit",
            "exit_mm on one CPU while another is lazy: both threads of a process unmap everything and exit at once, so no exit flush helps (x86)",
            ArchModel.X86, 2, 1, 2,
            [
                [new(UnmapAll), new(Exit)],
                [new(UnmapAll), new(Exit)],
            ]),
        new("kthread-transfer",
            "kernel->kernel transfer: kworkers run kthread_use_mm for both processes while one blocks and the other exits, the exit's shootdowns reach CPUs mid-transfer, and CPU 0's idle task unlazies (arm64)",
            ArchModel.Arm64, 2, 2, 1,
            [
                [new(QueueWork, 0), new(Block), new(Unlazy)],
                [new(QueueWork, 0), new(Exit)],
            ]),
        new("concurrent-exits",
            "concurrent shootdowns: two processes exit at once on two CPUs with no cpumask, so each CPU's cleanup IPIs the other (arm64)",
            ArchModel.Arm64, 2, 2, 1,
            [
                [new(Exit)],
                [new(Exit)],
            ]),
        new("exec-while-lazy",
            "exec puts the old mm while its CPU runs the new one, so the free can happen at once: P execs on CPU 1 while CPU 0 leaves lazy mode on P",
            ArchModel.Arm64, 2, 2, 1,
            [
                [new(Migrate, 1)],
                [new(Block), new(Wake, 0), new(Exec)],
            ]),
        new("drop-mm-steal",
            "the hazard scheme's drop_mm steal (design.md#hazard-steal): A's exit parks a reference on CPU 0 while it switches to B; B leaves CPU 0 lazy on it and exits on CPU 1, whose scan races CPU 0's mmdrop_lazy for the slot",
            ArchModel.Arm64, 2, 2, 1,
            [
                [new(Migrate, 1), new(Migrate, 1)],
                [new(Migrate, 0), new(Exit), new(Exit)],
            ]),
        new("stale-lazy-mm",
            "the race spelled out in patch 16 (design.md#hazard-steal): a scan of X loads CPU 1's lazy_mm, then CPU 1 becomes lazy on O and a third CPU parks O there",
            ArchModel.Arm64, 3, 3, 1,
            [
                [new(Migrate, 1), new(Exit)],
                [new(Migrate, 0), new(Migrate, 2)],
                [new(Block), new(Exit)],
            ]),
        new("slab-reuse",
            "the mm slab under the race (design.md#slab): each exec frees the old mm and allocates a new one, so frees on one CPU race allocations on the other, and each CPU's next exec reuses the record its last one freed (x86: exit flushes run locally only)",
            ArchModel.X86, 2, 2, 1,
            [
                [new(Exec), new(Exec), new(Exit)],
                [new(Exec), new(Exec), new(Exec)],
            ]),
        new("steal-race",
            "the owner-vs-steal race of design.md#hazard-steal: CPU 0 goes lazy on O and picks up a clone of M while O exits on CPU 1 (a late park of O on CPU 0); then both threads of M exit at once, so CPU 1's scan of M, which visits CPU 0 first, races CPU 0's mmdrop_lazy of O",
            ArchModel.Arm64, 2, 2, 1,
            [
                [new(Migrate, 1), new(Exit)],
                [new(Clone, 0), new(Yield), new(Exit), new(Exit)],
            ]),
        new("fan-out",
            "one exit, two remote lazy CPUs: three threads of one process exit on CPUs 0-2, so the last exit's scan finds the other two still lazy on the mm and its shootdown or hazptr IPIs reach two remote CPUs in one round (arm64)",
            ArchModel.Arm64, 3, 1, 3,
            [
                [new(Exit)],
                [new(Exit)],
                [new(Exit)],
            ]),
        new("kworker-wake",
            "the kworker wake-up race (design.md#kworker): two CPUs queue jobs for CPU 0's kworker while it runs them and goes to sleep, so a queuer's test-and-set meets the kworker's clear and re-check (arm64)",
            ArchModel.Arm64, 3, 3, 1,
            [
                [new(Block)],
                [new(QueueWork, 0), new(QueueWork, 0), new(QueueWork, 0), new(Exit)],
                [new(QueueWork, 0), new(QueueWork, 0), new(QueueWork, 0), new(Exit)],
            ]),
        new("cpu-down",
            "a CPU goes offline lazy on an mm whose last user then exits elsewhere (design.md#hotplug): thread 2 exits on CPU 1, whose idle task stays lazy on the mm and which then asks to go down; the stop_machine holds CPU 0 between its steps; thread 1's exit on CPU 0 scans, shoots or flushes the online CPUs only; CPU 1 comes back when the run stops (arm64)",
            ArchModel.Arm64, 2, 1, 2,
            [
                [new(Run), new(Run), new(Exit)],
                [new(Exit), new(CpuDown)],
            ])
        {
            Hotplug = true,
        },
    ];

    public static bool TryFind(string name, out Scenario scenario)
    {
        scenario = All.FirstOrDefault(s => s.Name == name)!;
        return scenario is not null;
    }
}
