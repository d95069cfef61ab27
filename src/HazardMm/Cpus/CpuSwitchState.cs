using System.Runtime.InteropServices;
using HazardMm.Memory;
using HazardMm.Mm;
using HazardMm.Sched;

namespace HazardMm.Cpus;

/// <summary>
/// What a CPU rewrites at every switch (<c>rq-&gt;curr</c>, <c>cpu_tlbstate.loaded_mm</c>,
/// <c>rq-&gt;prev_mm</c>, the IRQs-off flag), kept apart from the references other CPUs read on a
/// wake-up (the run queue, the kworker) so that a remote enqueue does not miss on a line the owner
/// keeps dirty. Owner-only.
/// </summary>
/// <remarks>
/// Padded on both sides (design.md#run-queue: padded objects): the fields start one padded line into
/// the object and a padded line follows them. The heap puts this object right after the
/// <see cref="Cpu"/> that allocates it, whose references every remote wake-up reads; with padding after
/// the fields only, that line held <see cref="Curr"/> too.
/// </remarks>
[StructLayout(LayoutKind.Explicit)]
internal sealed class CpuSwitchState
{
    private const int First = Arena.LineBytes;

    [FieldOffset(First)]
    public TaskStruct Curr = null!;

    [FieldOffset(First + 8)]
    public MmPtr LoadedMm;

    [FieldOffset(First + 16)]
    public long LoadedMmGeneration;

    [FieldOffset(First + 24)]
    public MmPtr PrevMm;

    [FieldOffset(First + 32)]
    public bool IrqsDisabled;

#pragma warning disable CS0169, IDE0051 // padding, never read
    [FieldOffset(First + 32 + Arena.LineBytes)]
    private long _end;
#pragma warning restore CS0169, IDE0051
}
