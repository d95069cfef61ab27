namespace HazardMm.Arch;

/// <summary>How precisely an architecture maintains <c>mm_cpumask</c> (design.md#arch).</summary>
public enum CpumaskPolicy
{
    /// <summary>No cpumask at all (arm64, s390): every scan and shootdown must cover all CPUs.</summary>
    None,

    /// <summary>Bits are set on switch_mm and never cleared during the mm's life (powerpc).</summary>
    SetOnly,

    /// <summary>Set on switch to the mm, cleared on switch away; a lazy CPU keeps its bit (x86).</summary>
    Exact,
}

/// <summary>How the final TLB flush of <c>exit_mmap</c> reaches other CPUs (design.md#arch).</summary>
public enum ExitFlushKind
{
    /// <summary>
    /// IPI to the cpumask, the flushing CPU included; a lazy target switches to init_mm through
    /// unlazy_mm_irqs_off, so the scheduler and the scheme know (x86 with Lutomirski's patch 21).
    /// Mainline's leave_mm moves only loaded_mm and keeps active_mm and its reference; that variant
    /// (and the cpumask bit it clears behind the scheduler's back) is a planted bug, not a model.
    /// </summary>
    IpiUnlazies,

    /// <summary>Hardware broadcast invalidation (arm64 TLBI, powerpc tlbie): runs no code on targets.</summary>
    Broadcast,

    /// <summary>Flush by hypercall (x86 PV): the hypervisor flushes, no guest code runs on targets.</summary>
    Hypercall,
}

/// <summary>
/// An architecture, reduced to the knobs the schemes read. Changing the architecture changes these
/// values only, never scheme code.
/// </summary>
public sealed record ArchModel(string Name, CpumaskPolicy Cpumask, ExitFlushKind ExitFlush)
{
    public static readonly ArchModel X86 = new("x86", CpumaskPolicy.Exact, ExitFlushKind.IpiUnlazies);
    public static readonly ArchModel Arm64 = new("arm64", CpumaskPolicy.None, ExitFlushKind.Broadcast);
    public static readonly ArchModel PowerPc = new("powerpc", CpumaskPolicy.SetOnly, ExitFlushKind.Broadcast);
    public static readonly ArchModel X86Pv = new("x86-pv", CpumaskPolicy.Exact, ExitFlushKind.Hypercall);

    public static IReadOnlyList<ArchModel> All { get; } = [X86, Arm64, PowerPc, X86Pv];

    /// <summary>True when the exit flush leaves no CPU lazy on the mm (it ran, by IPI, on every CPU of the mask).</summary>
    public bool ExitFlushUnlazies => ExitFlush == ExitFlushKind.IpiUnlazies;

    public bool HasCpumask => Cpumask != CpumaskPolicy.None;

    public static bool TryParse(string name, out ArchModel arch)
    {
        arch = All.FirstOrDefault(a => a.Name == name)!;
        return arch is not null;
    }

    public override string ToString() => Name;
}
