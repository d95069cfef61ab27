using HazardMm.Mm;
using HazardMm.Sched;
using HazardMm.Systematic.Memory;
using Microsoft.Coyote.Specifications;
using CoyoteMonitor = Microsoft.Coyote.Specifications.Monitor;

namespace HazardMm.Systematic;

/// <summary>
/// Coyote liveness specification: every mm whose users reached zero is eventually freed, every IPI
/// posted is eventually answered, and every job queued for a kworker eventually runs. The monitor is
/// hot while any is pending; Coyote reports a liveness bug if it is still hot when the iteration
/// ends, or hot for too long in a fair schedule (a CPU spinning forever on an IPI nobody answers, a
/// kworker that missed its wake-up).
/// </summary>
public sealed class LivenessMonitor : CoyoteMonitor
{
    private readonly HashSet<long> _dying = [];
    private readonly Dictionary<(int Sender, int Target), int> _unanswered = [];
    private int _queuedWork;

    [Start]
    [Cold]
    [OnEventDoAction(typeof(Change), nameof(OnChange))]
    private sealed class Quiet : State
    {
    }

    [Hot]
    [OnEventDoAction(typeof(Change), nameof(OnChange))]
    private sealed class Waiting : State
    {
    }

    private void OnChange(Event e)
    {
        var change = (Change)e;
        switch (change.What)
        {
            case Change.Kind.MmExiting:
                _dying.Add(change.Mm.Value);
                break;
            case Change.Kind.MmFreed:
                _dying.Remove(change.Mm.Value);
                break;
            case Change.Kind.IpiPosted:
                _unanswered[(change.Sender, change.Target)] = _unanswered.GetValueOrDefault((change.Sender, change.Target)) + 1;
                break;
            case Change.Kind.IpiAnswered:
                if (_unanswered.TryGetValue((change.Sender, change.Target), out int left))
                {
                    if (left <= 1)
                    {
                        _unanswered.Remove((change.Sender, change.Target));
                    }
                    else
                    {
                        _unanswered[(change.Sender, change.Target)] = left - 1;
                    }
                }

                break;
            case Change.Kind.WorkQueued:
                _queuedWork++;
                break;
            case Change.Kind.WorkDone:
                _queuedWork--;
                break;
        }

        if (_dying.Count == 0 && _unanswered.Count == 0 && _queuedWork == 0)
        {
            RaiseGotoStateEvent<Quiet>();
        }
        else
        {
            RaiseGotoStateEvent<Waiting>();
        }
    }

    /// <summary>One lifecycle event.</summary>
    public sealed class Change(Change.Kind what, MmPtr mm = default, int sender = -1, int target = -1) : Event
    {
        public enum Kind
        {
            MmExiting,
            MmFreed,
            IpiPosted,
            IpiAnswered,
            WorkQueued,
            WorkDone,
        }

        public Kind What { get; } = what;

        public MmPtr Mm { get; } = mm;

        public int Sender { get; } = sender;

        public int Target { get; } = target;
    }
}

/// <summary>
/// Forwards the kernel's lifecycle events to <see cref="LivenessMonitor"/>, and, in a replay, writes
/// them into the operation log between the memory operations so the schedule reads as a story.
/// </summary>
public sealed class LivenessObserver(OperationLog? log = null) : IKernelObserver
{
    public void ContextSwitch(int cpu, TaskStruct prev, TaskStruct next) =>
        log?.RecordEvent(cpu, "context_switch", $"{prev.Name} -> {next.Name}, active_mm {next.ActiveMm}");

    public void MmExiting(int cpu, MmPtr mm)
    {
        log?.RecordEvent(cpu, "__mmput", $"{mm}: mm_users reached 0");
        Specification.Monitor<LivenessMonitor>(new LivenessMonitor.Change(LivenessMonitor.Change.Kind.MmExiting, mm));
    }

    public void MmFreed(int cpu, MmPtr mm)
    {
        log?.RecordEvent(cpu, "__mmdrop", $"{mm} freed");
        Specification.Monitor<LivenessMonitor>(new LivenessMonitor.Change(LivenessMonitor.Change.Kind.MmFreed, mm));
    }

    public void IpiPosted(int sender, int target) =>
        Specification.Monitor<LivenessMonitor>(new LivenessMonitor.Change(LivenessMonitor.Change.Kind.IpiPosted, sender: sender, target: target));

    public void IpiAnswered(int sender, int target) =>
        Specification.Monitor<LivenessMonitor>(new LivenessMonitor.Change(LivenessMonitor.Change.Kind.IpiAnswered, sender: sender, target: target));

    public void WorkQueued(int cpu) =>
        Specification.Monitor<LivenessMonitor>(new LivenessMonitor.Change(LivenessMonitor.Change.Kind.WorkQueued, target: cpu));

    public void WorkDone(int cpu) =>
        Specification.Monitor<LivenessMonitor>(new LivenessMonitor.Change(LivenessMonitor.Change.Kind.WorkDone, target: cpu));
}
