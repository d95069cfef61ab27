using HazardMm.Mm;
using HazardMm.Sched;

namespace HazardMm.Tests.Sched;

/// <summary>The sleepers' wait queue (design.md#run-queue): one FIFO, any CPU at either end.</summary>
public sealed class WaitQueueTests
{
    [Fact]
    public void Sleepers_WakeOldestFirst_AndTheQueueEmptiesAndRefills()
    {
        var wq = new WaitQueue();
        TaskStruct[] tasks = [.. Enumerable.Range(1, 5).Select(pid => new TaskStruct(TaskKind.User, pid, 0, MmPtr.Null, 0))];
        Assert.True(wq.IsEmpty);
        wq.Enqueue(tasks[0]);
        wq.Enqueue(tasks[1]);
        Assert.True(wq.TryDequeue(out TaskStruct? a));
        Assert.True(wq.TryDequeue(out TaskStruct? b));
        Assert.True(wq.IsEmpty);
        Assert.False(wq.TryDequeue(out _));
        wq.Enqueue(tasks[2]);
        wq.Enqueue(tasks[3]);
        wq.Enqueue(tasks[4]);
        Assert.False(wq.IsEmpty);
        var rest = new List<TaskStruct>();
        while (wq.TryDequeue(out TaskStruct? t))
        {
            rest.Add(t);
        }

        Assert.Equal([tasks[0], tasks[1]], [a, b]);
        Assert.Equal(tasks[2..], rest);
        Assert.All(tasks, t => Assert.Null(t.WakeEntry));
    }

    /// <summary>Two CPUs block tasks while two others wake them: every task is woken exactly once.</summary>
    [Fact]
    public void ConcurrentSleepersAndWakers_WakeEachTaskExactlyOnce()
    {
        const int perProducer = 20_000;
        var wq = new WaitQueue();
        TaskStruct[][] produced =
        [
            .. Enumerable.Range(0, 2).Select(p => Enumerable.Range(1, perProducer)
                .Select(i => new TaskStruct(TaskKind.User, (p * perProducer) + i, p, MmPtr.Null, 0)).ToArray()),
        ];
        var woken = new List<TaskStruct>[2] { [], [] };
        int producersLeft = 2;
        var start = new Barrier(4);
        var threads = new List<Thread>();
        for (int p = 0; p < 2; p++)
        {
            int me = p;
            threads.Add(new Thread(() =>
            {
                start.SignalAndWait();
                foreach (TaskStruct t in produced[me])
                {
                    wq.Enqueue(t);
                }

                Interlocked.Decrement(ref producersLeft);
            }));
            threads.Add(new Thread(() =>
            {
                start.SignalAndWait();
                while (true)
                {
                    bool last = Volatile.Read(ref producersLeft) == 0;
                    if (wq.TryDequeue(out TaskStruct? t))
                    {
                        woken[me].Add(t);
                    }
                    else if (last)
                    {
                        return;
                    }
                }
            }));
        }

        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        List<TaskStruct> all = [.. woken[0], .. woken[1]];
        Assert.Equal(2 * perProducer, all.Count);
        Assert.Equal(2 * perProducer, all.Distinct().Count());
        Assert.True(wq.IsEmpty);

        // One FIFO: each waker sees each producer's tasks in the order they were queued.
        foreach (List<TaskStruct> w in woken)
        {
            foreach (TaskStruct[] p in produced)
            {
                int[] pids = [.. w.Where(t => t.HomeCpu == p[0].HomeCpu).Select(t => t.Pid)];
                Assert.Equal(pids.Order(), pids);
            }
        }
    }
}
