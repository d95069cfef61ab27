using HazardMm.Mm;
using HazardMm.Sched;

namespace HazardMm.Tests.Sched;

/// <summary>The per-CPU sleepers (design.md#run-queue): a wake-up takes its own CPU's oldest sleeper, else the next CPU's.</summary>
public sealed class SleepersTests
{
    [Fact]
    public void AWakeUp_TakesItsOwnCpusOldestSleeperFirst_ThenTheNextCpusInTurn()
    {
        var sleepers = new Sleepers(3);
        TaskStruct[] t = [.. Enumerable.Range(1, 5).Select(pid => new TaskStruct(TaskKind.User, pid, 0, MmPtr.Null, 0))];
        sleepers.Block(0, t[0]);
        sleepers.Block(2, t[1]);
        sleepers.Block(2, t[2]);
        sleepers.Block(1, t[3]);
        sleepers.Block(0, t[4]);

        var woken = new List<(TaskStruct Task, int Queue)>();
        foreach (int waker in new[] { 2, 2, 2, 1, 1, 0 })
        {
            if (sleepers.TryWake(waker, out TaskStruct? task, out int queue))
            {
                woken.Add((task, queue));
            }
        }

        // CPU 2: its own two, then wraps round to CPU 0's oldest; CPU 1: its own, then CPU 2's (empty)
        // and CPU 0's last; CPU 0 finds nothing left.
        Assert.Equal([(t[1], 2), (t[2], 2), (t[0], 0), (t[3], 1), (t[4], 0)], woken);
        Assert.False(sleepers.TryWake(0, out _, out int none));
        Assert.Equal(-1, none);
    }
}
