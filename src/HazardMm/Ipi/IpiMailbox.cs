using HazardMm.Cpus;
using HazardMm.Memory;
using HazardMm.Mm;
using HazardMm.Mutants;
using HazardMm.Oracle;

namespace HazardMm.Ipi;

/// <summary>
/// Simulated inter-processor interrupts: <c>smp_call_function_many</c> / <c>on_each_cpu_mask</c>
/// with <c>wait=1</c>. A sender posts one request word per target (its own row-slot in the target's
/// mailbox), then spins until each target has run the function and cleared the word. A target runs
/// requests only where interrupts are on: never inside the context-switch body or another handler.
/// </summary>
/// <remarks>
/// While it waits, a sender keeps servicing its own mailbox, as a kernel CPU spinning in
/// <c>csd_lock_wait</c> with IRQs on does: two CPUs shooting at each other cannot deadlock.
/// </remarks>
public sealed class IpiMailbox<TMem>
    where TMem : struct, IMemoryModel
{
    private readonly PerCpuArea _perCpu;
    private readonly Cpu[] _cpus;
    private readonly RunControl _control;
    private readonly Action<Cpu, IpiFunction, MmPtr> _handler;
    private readonly bool[] _localCallPending;
    private readonly IpiFunction[] _localFunction;
    private readonly MmPtr[] _localMm;
    private readonly MutantId _mutant;
    private readonly IKernelObserver? _observer;

    public IpiMailbox(
        PerCpuArea perCpu, Cpu[] cpus, RunControl control, Action<Cpu, IpiFunction, MmPtr> handler,
        MutantId mutant = MutantId.None, IKernelObserver? observer = null)
    {
        _mutant = mutant;
        _observer = observer;
        _perCpu = perCpu;
        _cpus = cpus;
        _control = control;
        _handler = handler;
        _localCallPending = new bool[cpus.Length];
        _localFunction = new IpiFunction[cpus.Length];
        _localMm = new MmPtr[cpus.Length];
    }

    /// <summary>
    /// Queues <paramref name="function"/>(<paramref name="mm"/>) for <paramref name="target"/>. A target
    /// equal to the sender is a local call, run by <see cref="Wait"/> with IRQs off (on_each_cpu_mask
    /// includes self). Nothing runs until <see cref="Wait"/>.
    /// </summary>
    public void Post(Cpu self, int target, IpiFunction function, MmPtr mm)
    {
        if (target == self.Id)
        {
            _localCallPending[self.Id] = true;
            _localFunction[self.Id] = function;
            _localMm[self.Id] = mm;
            return;
        }

        // The request word is written before the pending flag (release): a target that sees the flag
        // set and then scans its mailbox sees the request. Pairs with the LoadAcquire of the flag in
        // PollIpis (the Exchange that follows it re-arms the flag for the next request).
        // Tell the observer first: once the request word is written the target may answer it.
        _observer?.IpiPosted(self.Id, target);
        if (_mutant == MutantId.IpiFlagBeforeRequest)
        {
            TMem.StoreRelease(ref _perCpu.IpiPending(target), 1);
            TMem.StoreRelaxed(ref _perCpu.Mailbox(target, self.Id), Encode(function, mm));
        }
        else
        {
            TMem.StoreRelaxed(ref _perCpu.Mailbox(target, self.Id), Encode(function, mm));
            TMem.StoreRelease(ref _perCpu.IpiPending(target), 1);
        }

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

        foreach (int target in self.IpiTargets)
        {
            if (_mutant == MutantId.IpiNoWait)
            {
                break;
            }

            // Acquire: the handler's effects on the target happen before our return.
            // Pairs with the StoreRelease that clears the request in PollIpis.
            while (TMem.LoadAcquire(ref _perCpu.Mailbox(target, self.Id)) != 0)
            {
                PollIpis(self);
                Relax();
            }
        }

        self.IpiTargets.Clear();
    }

    /// <summary>The interrupt-enabled points of a CPU: runs every request waiting in its mailbox.</summary>
    public void PollIpis(Cpu self)
    {
        ref long pending = ref _perCpu.IpiPending(self.Id);
        if (TMem.LoadAcquire(ref pending) == 0)
        {
            return;
        }

        if (self.IrqsDisabled)
        {
            throw new InvariantViolation(ViolationKind.Invariant, self.Id, MmPtr.Null, 0, "IPI mailbox serviced with IRQs off");
        }

        // Clear the flag before scanning (full barrier): a request posted after this point sets it
        // again and is seen by the next poll. Pairs with the StoreRelease of the flag in Post.
        TMem.Exchange(ref pending, 0);
        self.IrqsDisabled = true;
        for (int sender = 0; sender < _cpus.Length; sender++)
        {
            ref long slot = ref _perCpu.Mailbox(self.Id, sender);
            long request = TMem.LoadAcquire(ref slot);
            if (request == 0)
            {
                continue;
            }

            if (_mutant == MutantId.IpiAckBeforeHandler)
            {
                TMem.StoreRelease(ref slot, 0);
            }

            _handler(self, (IpiFunction)(request >> 32), new MmPtr(request & 0xFFFF_FFFF));

            // Release: the handler's effects before the sender's acquire sees the request done.
            // Pairs with the LoadAcquire in Wait.
            TMem.StoreRelease(ref slot, 0);
            _observer?.IpiAnswered(sender, self.Id);
        }

        self.IrqsDisabled = false;
    }

    /// <summary>One spin-wait step: unwinds if the run was aborted, else cpu_relax.</summary>
    public void Relax()
    {
        _control.ThrowIfAborted();
        TMem.CpuRelax();
    }

    private static long Encode(IpiFunction function, MmPtr mm) => ((long)function << 32) | mm.Value;
}
