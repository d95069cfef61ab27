using HazardMm.Arch;
using HazardMm.Cpus;
using HazardMm.Ipi;
using HazardMm.Memory;
using HazardMm.Mm;
using HazardMm.Mutants;
using HazardMm.Oracle;
using HazardMm.Sched;
using HazardMm.Schemes;

namespace HazardMm;

/// <summary>
/// One simulated machine: its CPUs, the arena with every shared word, the mm slab, and the mechanism
/// objects (IPIs, mm lifecycle, scheduler, TLB flush) wired to one scheme and one architecture.
/// </summary>
/// <remarks>Arena layout: per-CPU lines, then the IPI mailboxes, then the mm slab, then the oracle's shadow of it.</remarks>
public sealed class Kernel<TMem> : IDisposable
    where TMem : struct, IMemoryModel
{
    /// <summary>A kernel running <paramref name="scheme"/>, with the planted bug of <paramref name="options"/> if any.</summary>
    public Kernel(int cpus, int mmCapacity, ArchModel arch, SchemeDescriptor scheme, KernelOptions? options = null)
        : this(cpus, mmCapacity, arch, (patch, context) => patch.CreateScheme(scheme, context), options)
    {
    }

    /// <summary>A kernel running a scheme the caller builds: how tests plant a bug of their own.</summary>
    public Kernel(int cpus, int mmCapacity, ArchModel arch, Func<LazyTlbContext<TMem>, ILazyTlbScheme> createScheme, KernelOptions? options = null)
        : this(cpus, mmCapacity, arch, (_, context) => createScheme(context), options)
    {
    }

    private Kernel(int cpus, int mmCapacity, ArchModel arch, Func<KernelPatch, LazyTlbContext<TMem>, ILazyTlbScheme> createScheme, KernelOptions? options)
    {
        options ??= KernelOptions.Default;
        Observer = options.Observer;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cpus);
        ArgumentOutOfRangeException.ThrowIfLessThan(mmCapacity, 2);
        KernelPatch patch = MutantCatalog.PatchFor(options.Mutant);
        Orders = new AccessOrders();
        patch.ConfigureOrders(Orders);
        Orders.Freeze();
        NrCpus = cpus;
        Arch = arch;
        int perCpuLines = PerCpuArea.LinesFor(cpus);
        int slabLines = MmTable.LinesFor(mmCapacity, cpus);
        Arena = new Arena(perCpuLines + slabLines + MmShadow.LinesFor(mmCapacity));
        PerCpu = new PerCpuArea(Arena, 0, cpus);
        Mms = new MmTable(Arena, perCpuLines, mmCapacity, cpus);
        Shadow = new MmShadow(Arena, perCpuLines + slabLines, mmCapacity, cpus);
        Cpumask = new Cpumask<TMem>(Mms, arch.Cpumask, Orders);
        KworkerWake = new KworkerWakeFlag<TMem>(PerCpu, Orders);
        Cpus = new Cpu[cpus];
        for (int i = 0; i < cpus; i++)
        {
            Cpus[i] = new Cpu(i);
        }

        Control = new RunControl();
        Online = new CpuOnlineMask(cpus);
        Hotplug = options.Hotplug is { } hotplug ? new CpuHotplug(hotplug, Online, cpus) : null;
        Delays = typeof(TMem) == typeof(HardwareMemory)
            ? new HostDelays(options.IpiCost, options.VcpuPreemption, cpus, Control, options.IpiDelay, options.MmputAsync)
            : HostDelays.None;
        Ipi = patch.CreateIpiMailbox<TMem>(PerCpu, Cpus, Control, DispatchIpi, Observer, Orders);
        Ipi.Delays = Delays;
        Ipi.Online = Online;
        Recorder = typeof(TMem) == typeof(HardwareMemory) && options.FlightRecorderEvents > 0 ? new FlightRecorder(cpus, options.FlightRecorderEvents) : null;
        Ipi.Recorder = Recorder;
        MmOps = patch.CreateMmLifecycle(this);
        Tlb = patch.CreateTlbFlush(this);
        Sched = patch.CreateScheduler(this);
        Tasks = patch.CreateTaskLifecycle(this);
        Scheme = createScheme(patch, new LazyTlbContext<TMem>(this));
        Oracle = Scheme as ILazyTlbOracle;
        Laws = new ConservationLaws<TMem>(this);
    }

    public int NrCpus { get; }

    /// <summary>The CPUs have been started (smp_init): from now on several threads may touch the slab.</summary>
    public bool SmpStarted { get; private set; }

    /// <summary>The memory order of every access site (design.md#model), the planted bug's entry included.</summary>
    public AccessOrders Orders { get; }

    /// <summary>Lifecycle events for a liveness checker; null in production.</summary>
    public IKernelObserver? Observer { get; }

    public ArchModel Arch { get; }

    public Arena Arena { get; }

    public PerCpuArea PerCpu { get; }

    public MmTable Mms { get; }

    public MmShadow Shadow { get; }

    public Cpumask<TMem> Cpumask { get; }

    /// <summary>The kworkers' wake flags (design.md#kworker).</summary>
    public KworkerWakeFlag<TMem> KworkerWake { get; }

    public Cpu[] Cpus { get; }

    public RunControl Control { get; }

    /// <summary><c>cpu_online_mask</c> (design.md#hotplug): every CPU, unless hotplug takes some down.</summary>
    public CpuOnlineMask Online { get; }

    /// <summary>
    /// CPU hotplug (design.md#hotplug): driven by the torture monitor on real threads, by scripted
    /// <see cref="Workload.TaskAction.CpuDown"/> steps under a systematic model; null when every CPU stays online.
    /// </summary>
    public CpuHotplug? Hotplug { get; }

    /// <summary>
    /// The IPI cost model and descheduled vCPUs of <see cref="KernelOptions"/>; <see cref="HostDelays.None"/>
    /// under a systematic model, whose time is its steps (design.md#ipi-cost).
    /// </summary>
    public HostDelays Delays { get; }

    /// <summary>
    /// The per-CPU flight recorder (design.md#flight-recorder); null when off, and always under a
    /// systematic model, so that recording adds no scheduling point.
    /// </summary>
    public FlightRecorder? Recorder { get; }

    public IpiMailbox<TMem> Ipi { get; }

    public MmLifecycle<TMem> MmOps { get; }

    public TlbFlush<TMem> Tlb { get; }

    public Scheduler<TMem> Sched { get; }

    public TaskLifecycle<TMem> Tasks { get; }

    public ILazyTlbScheme Scheme { get; }

    /// <summary>The scheme's own per-CPU laws (design.md#inv-per-cpu), if it has any.</summary>
    public ILazyTlbOracle? Oracle { get; }

    /// <summary>The conservation laws, for quiescent points of the whole machine (design.md#inv-conservation).</summary>
    public ConservationLaws<TMem> Laws { get; }

    /// <summary>A person's name for a shared word, for replays: "cpu1.lazy_mm", "mm#3.mm_count".</summary>
    public string NameOf(nint address)
    {
        if (Arena.Locate(address) is not (int line, int word))
        {
            return $"0x{address:x}";
        }

        int perCpuLines = PerCpuArea.LinesFor(NrCpus);
        int slabLines = MmTable.LinesFor(Mms.Capacity, NrCpus);
        return line < perCpuLines ? PerCpu.NameOf(line, word, Scheme.PerCpuWordNames)
            : line < perCpuLines + slabLines ? Mms.NameOf(line - perCpuLines, word)
            : MmShadow.NameOf(line - perCpuLines - slabLines, word);
    }

    /// <summary>
    /// A person's reading of a value stored at <paramref name="address"/>: an mm pointer where the
    /// word holds one (a scheme's per-CPU words), a request in a mailbox word, else the number.
    /// </summary>
    public string ValueOf(nint address, long value)
    {
        if (Arena.Locate(address) is not (int line, int word) || line >= PerCpuArea.LinesFor(NrCpus))
        {
            return value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (line < NrCpus)
        {
            return word < Scheme.PerCpuWordNames.Count ? new MmPtr(value).ToString() : value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return value == 0 ? "empty" : $"{(IpiFunction)(value >> 32)}({new MmPtr(value & 0xFFFF_FFFF)})";
    }

    /// <summary>How often this run took each outcome of each race so far, all CPUs together (design.md#census).</summary>
    public BranchCounts Census() => BranchCounts.Of(Cpus);

    /// <summary>mms allocated and not yet freed (init_mm excluded).</summary>
    public long LiveMms => Mms.Allocated - Mms.Freed;

    /// <summary>smp_init: called once, before the CPUs start; boot-time work (the initial processes) is done.</summary>
    public void StartSmp() => SmpStarted = true;

    public void Dispose() => Arena.Dispose();

    private void DispatchIpi(Cpu cpu, IpiFunction function, MmPtr mm)
    {
        if (function == IpiFunction.FlushTlbMm)
        {
            Tlb.HandleFlush(cpu, mm);
        }
        else
        {
            Scheme.HandleLazyTlbIpi(cpu, function, mm);
        }
    }
}
