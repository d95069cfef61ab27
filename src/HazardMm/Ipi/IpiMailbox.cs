using System.Runtime.CompilerServices;
using HazardMm.Cpus;
using HazardMm.Memory;
using HazardMm.Mm;
using HazardMm.Oracle;

namespace HazardMm.Ipi;

/// <summary>
/// Simulated inter-processor interrupts: <c>smp_call_function_many</c> / <c>on_each_cpu_mask</c>
/// with <c>wait=1</c> (design.md#ipi). A sender posts one request word per target (its own row-slot
/// in the target's mailbox), then spins until each target has run the function and cleared the word.
/// A target runs requests only where interrupts are on: never inside the context-switch body or
/// another handler.
/// </summary>
/// <remarks>
/// <para>While it waits, a sender keeps servicing its own mailbox, as a kernel CPU spinning in
/// <c>csd_lock_wait</c> with IRQs on does: two CPUs shooting at each other cannot deadlock.</para>
/// <para>Not sealed: a planted bug (design.md#mutants) overrides one step.</para>
/// </remarks>
public class IpiMailbox<TMem>
    where TMem : struct, IMemoryModel
{
    private readonly PerCpuArea _perCpu;
    private readonly Cpu[] _cpus;
    private readonly RunControl _control;
    private readonly Action<Cpu, IpiFunction, MmPtr> _handler;
    private readonly bool[] _localCallPending;
    private readonly IpiFunction[] _localFunction;
    private readonly MmPtr[] _localMm;
    private readonly AccessOrders _orders;

    public IpiMailbox(
        PerCpuArea perCpu, Cpu[] cpus, RunControl control, Action<Cpu, IpiFunction, MmPtr> handler,
        IKernelObserver? observer = null, AccessOrders? orders = null)
    {
        Observer = observer;
        _orders = orders ?? new AccessOrders();
        _perCpu = perCpu;
        _cpus = cpus;
        _control = control;
        _handler = handler;
        _localCallPending = new bool[cpus.Length];
        _localFunction = new IpiFunction[cpus.Length];
        _localMm = new MmPtr[cpus.Length];
    }

    protected IKernelObserver? Observer { get; }

    /// <summary>
    /// The IPI cost each side pays and the vCPU preemption point inside a handler (design.md#ipi-cost,
    /// design.md#vcpu-preemption); set by the kernel that owns the mailbox.
    /// </summary>
    public HostDelays Delays { get; internal set; } = HostDelays.None;

    /// <summary>The online mask IPIs are sent under (design.md#hotplug); set by the kernel that owns the mailbox.</summary>
    public CpuOnlineMask? Online { get; internal set; }
    /// <summary>Where sends and handled requests are recorded (design.md#flight-recorder); set by the kernel that owns the mailbox.</summary>
    public FlightRecorder? Recorder { get; internal set; }

    /// <summary>
    /// Queues <paramref name="function"/>(<paramref name="mm"/>) for <paramref name="target"/>. A target
    /// equal to the sender is a local call, run by <see cref="Wait"/> with IRQs off (on_each_cpu_mask
    /// includes self). Nothing runs until <see cref="Wait"/>. An offline target is not sent to: as
    /// smp_call_function_many ANDs its mask with cpu_online_mask (design.md#hotplug).
    /// </summary>
    public void Post(Cpu self, int target, IpiFunction function, MmPtr mm)
    {
        if (Online?.IsOnline(target) == false)
        {
            return;
        }

        if (target == self.Id)
        {
            _localCallPending[self.Id] = true;
            _localFunction[self.Id] = function;
            _localMm[self.Id] = mm;
            return;
        }

        // Tell the observer first: once the request word is written the target may answer it.
        Observer?.IpiPosted(self.Id, target);
        Recorder?.Record(self.Id, FlightEventKind.IpiSend, target, (int)function, mm, FlightEvent.NoGeneration);
        Delays.PayIpiSend(self);
        SendRequest(self.Id, target, Encode(function, mm));
        self.IpiTargets.Add(target);
        self.Stats.IpisSent++;
    }

    /// <summary>Runs the local call, if posted, then waits until every posted target has run its request.</summary>
    public void Wait(Cpu self)
    {
        if (self.IrqsDisabled)
        {
            throw new InvariantViolation(ViolationKind.Invariant, self.Id, MmPtr.Null, 0, "smp_call_function with wait=1 and IRQs off would deadlock");
        }

        if (_localCallPending[self.Id])
        {
            _localCallPending[self.Id] = false;
            self.IrqsDisabled = true;
            _handler(self, _localFunction[self.Id], _localMm[self.Id]);
            self.IrqsDisabled = false;
        }

        WaitForTargets(self);
        self.IpiTargets.Clear();
    }

    /// <summary>The interrupt-enabled points of a CPU: runs every request waiting in its mailbox.</summary>
    /// <remarks>
    /// The test of the flag is inlined into the scheduler loop, which polls at every step and almost
    /// always finds it clear; the rest is a call of its own (design.md#run-queue).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PollIpis(Cpu self)
    {
        ref long pending = ref _perCpu.IpiPending(self.Id);

        // Pairs with the xchg that raised the flag (RaisePending): the request words are visible.
        if (Seam<TMem>.Load(ref pending, _orders[AccessSite.IpiPendingTest]) != 0)
        {
            ServiceIpis(self, ref pending);
        }
    }

    /// <summary>The flag was up: take the interrupt, unless it is delivered late, and run every request.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ServiceIpis(Cpu self, ref long pending)
    {
        if (self.IrqsDisabled)
        {
            throw new InvariantViolation(ViolationKind.Invariant, self.Id, MmPtr.Null, 0, "IPI mailbox serviced with IRQs off");
        }

        // A delayed delivery (design.md#torture): the flag stays up, the CPU runs on and polls again.
        if (Delays.DeferIpi(self))
        {
            return;
        }

        // Clear the flag before scanning (full barrier, xchg): a request posted after this point sets it
        // again and is seen by the next poll. Pairs with the xchg of the flag in RaisePending.
        Seam<TMem>.Store(ref pending, 0, _orders[AccessSite.IpiPendingClear]);
        self.IrqsDisabled = true;
        int ran = 0;
        for (int sender = 0; sender < _cpus.Length; sender++)
        {
            long request = Seam<TMem>.Load(ref _perCpu.Mailbox(self.Id, sender), _orders[AccessSite.IpiRequestRead]);
            if (request != 0)
            {
                // Taking the interrupt costs the target the other half of the round trip, and the vCPU
                // may be descheduled inside the handler, IRQs off (design.md#vcpu-preemption).
                Delays.PayIpiTake(self);
                Delays.PreemptionPoint(self);
                Recorder?.Record(self.Id, FlightEventKind.IpiReceive, sender, (int)(request >> 32), new MmPtr(request & 0xFFFF_FFFF), FlightEvent.NoGeneration);
                RunRequest(self, sender, request);
                ran++;
            }
        }

        self.IrqsDisabled = false;
        CountPoll(self, ran);
    }

    /// <summary>The census of one poll that found the flag set (design.md#census).</summary>
    private static void CountPoll(Cpu self, int ran)
    {
        if (ran == 0)
        {
            self.Census.Hit(RaceBranch.IpiPollEmpty);
        }
        else if (ran > 1)
        {
            self.Census.Hit(RaceBranch.IpiPollMany);
        }

        if (ran > 0 && self.IpiTargets.Count > 0)
        {
            // Only WaitForTargets polls between a Post and the end of its Wait.
            self.Census.Hit(RaceBranch.IpiAnsweredWhileWaiting);
        }
    }

    /// <summary>Whether any sender's request waits in <paramref name="target"/>'s mailbox (the hotplug check of an offline CPU, design.md#hotplug).</summary>
    public bool HasRequestFor(int target)
    {
        for (int sender = 0; sender < _cpus.Length; sender++)
        {
            if (TMem.LoadRelaxed(ref _perCpu.Mailbox(target, sender)) != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One spin-wait step: unwinds if the run was aborted, else cpu_relax.</summary>
    public void Relax()
    {
        _control.ThrowIfAborted();
        TMem.CpuRelax();
    }

    /// <summary>The request word, then the pending flag (design.md#ipi).</summary>
    protected virtual void SendRequest(int sender, int target, long request)
    {
        WriteRequest(sender, target, request);
        RaisePending(target);
    }

    /// <summary>Spins until every target of this CPU's call has cleared its request word.</summary>
    protected virtual void WaitForTargets(Cpu self)
    {
        foreach (int target in self.IpiTargets)
        {
            // Acquire: the handler's effects on the target happen before our return. Pairs with the
            // release that completes the request (CompleteRequest).
            while (Seam<TMem>.Load(ref _perCpu.Mailbox(target, self.Id), _orders[AccessSite.IpiDoneWait]) != 0)
            {
                PollIpis(self);
                Relax();
            }
        }
    }

    /// <summary>The target runs the handler, then tells the sender it is done.</summary>
    protected virtual void RunRequest(Cpu self, int sender, long request)
    {
        Handle(self, request);
        CompleteRequest(self.Id, sender);
    }

    /// <summary>Runs the function a request names, on the target, IRQs off.</summary>
    protected void Handle(Cpu self, long request) =>
        _handler(self, (IpiFunction)(request >> 32), new MmPtr(request & 0xFFFF_FFFF));

    /// <summary>
    /// The sender's request word: relaxed; the flag's xchg that follows publishes it
    /// (design.md#ipi).
    /// </summary>
    protected void WriteRequest(int sender, int target, long request) =>
        Seam<TMem>.Store(ref _perCpu.Mailbox(target, sender), request, _orders[AccessSite.IpiRequestWrite]);

    /// <summary>
    /// Raises the target's pending flag (xchg, fully ordered, as llist_add): a target that sees it set,
    /// then scans its mailbox, sees the request, whichever sender's flag it saw, since every raise
    /// reads the one before it. Pairs with the acquire test in <see cref="PollIpis"/>.
    /// </summary>
    protected void RaisePending(int target) =>
        Seam<TMem>.Store(ref _perCpu.IpiPending(target), 1, _orders[AccessSite.IpiPendingRaise]);

    /// <summary>
    /// Clears the request word (release): the handler's effects before the sender's acquire sees the
    /// request done. Pairs with the acquire in <see cref="WaitForTargets"/>.
    /// </summary>
    protected void CompleteRequest(int self, int sender)
    {
        ClearRequest(self, sender);
        Observer?.IpiAnswered(sender, self);
    }

    /// <summary>The release store of <see cref="CompleteRequest"/>, without telling the observer.</summary>
    protected void ClearRequest(int self, int sender) =>
        Seam<TMem>.Store(ref _perCpu.Mailbox(self, sender), 0, _orders[AccessSite.IpiRequestDone]);

    private static long Encode(IpiFunction function, MmPtr mm) => ((long)function << 32) | mm.Value;
}
