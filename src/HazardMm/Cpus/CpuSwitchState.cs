using System.Runtime.InteropServices;
using HazardMm.Mm;
using HazardMm.Sched;

namespace HazardMm.Cpus;

/// <summary>
/// What a CPU rewrites at every switch (<c>rq-&gt;curr</c>, <c>cpu_tlbstate.loaded_mm</c>,
/// <c>rq-&gt;prev_mm</c>, the IRQs-off flag), kept apart from the references other CPUs read on a
/// wake-up (the run queue, the kworker) so that a remote enqueue does not miss on a line the owner
/// keeps dirty. Owner-only; padded to two cache lines so no neighbour on the heap shares them.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal sealed class CpuSwitchState
{
    public TaskStruct Curr = null!;
    public MmPtr LoadedMm;
    public long LoadedMmGeneration;
    public MmPtr PrevMm;
    public bool IrqsDisabled;

    // 128 bytes in all with the object header: the adjacent-line prefetcher pulls lines in pairs.
#pragma warning disable CS0169, IDE0051 // padding, never read
    private long _pad0, _pad1, _pad2, _pad3, _pad4, _pad5, _pad6, _pad7, _pad8;
#pragma warning restore CS0169, IDE0051
}
