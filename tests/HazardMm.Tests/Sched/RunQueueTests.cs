using HazardMm.Mm;
using HazardMm.Sched;

namespace HazardMm.Tests.Sched;

/// <summary>
/// The per-CPU run queue (design.md#run-queue): the owner's plain FIFO, the wake list other CPUs push
/// onto, the splice that joins them, one FIFO order over both, and a drain by another CPU while the
/// owner is stopped (hotplug's migration of a dying CPU's tasks).
/// </summary>
public sealed class RunQueueTests
{
    [Fact]
    public void LocalEnqueues_ComeOutInOrder_PastTheRingsFirstGrowth()
    {
        var rq = new RunQueue();
        TaskStruct[] tasks = Tasks(40);

        // Interleave dequeues so the ring wraps before it grows.
        for (int i = 0; i < 10; i++)
        {
            rq.EnqueueLocal(tasks[i]);
        }

        var taken = new List<TaskStruct>();
        for (int i = 0; i < 6; i++)
        {
            Assert.True(rq.TryDequeue(out TaskStruct? t));
            taken.Add(t);
        }

        for (int i = 10; i < 40; i++)
        {
            rq.EnqueueLocal(tasks[i]);
        }

        taken.AddRange(Drain(rq));
        Assert.Equal(tasks, taken);
        Assert.True(rq.IsEmpty);
        Assert.False(rq.TryDequeue(out _));
    }

    [Fact]
    public void RemotePushes_AreSplicedOldestFirst()
    {
        var rq = new RunQueue();
        TaskStruct[] tasks = Tasks(25);
        foreach (TaskStruct t in tasks)
        {
            rq.Enqueue(t);
        }

        Assert.False(rq.IsEmpty);
        Assert.Equal(tasks, Drain(rq));
        Assert.True(rq.IsEmpty);
        Assert.All(tasks, t => Assert.Null(t.WakeEntry));
    }

    /// <summary>
    /// Every interleaving of local and remote enqueues and dequeues up to a length, driven from one
    /// thread as Coyote drives the CPUs one at a time: the queue gives exactly what one FIFO gives.
    /// </summary>
    [Fact]
    public void EveryInterleavingOfLocalRemoteAndDequeue_IsOneFifo()
    {
        const int length = 8;
        int sequences = 0;

        // Each op: 0 = remote push, 1 = local enqueue, 2 = dequeue.
        for (int code = 0; code < Pow(3, length); code++)
        {
            var rq = new RunQueue();
            var model = new Queue<TaskStruct>();
            int next = 0;
            int c = code;
            for (int step = 0; step < length; step++, c /= 3)
            {
                switch (c % 3)
                {
                    case 0:
                        var remote = new TaskStruct(TaskKind.User, ++next, 0, MmPtr.Null, 0);
                        rq.Enqueue(remote);
                        model.Enqueue(remote);
                        break;
                    case 1:
                        var local = new TaskStruct(TaskKind.User, ++next, 0, MmPtr.Null, 0);
                        rq.EnqueueLocal(local);
                        model.Enqueue(local);
                        break;
                    default:
                        bool got = rq.TryDequeue(out TaskStruct? t);
                        Assert.Equal(model.TryDequeue(out TaskStruct? expected), got);
                        Assert.Same(expected, t);
                        break;
                }

                Assert.Equal(model.Count == 0, rq.IsEmpty);
            }

            Assert.Equal(model, Drain(rq));
            sequences++;
        }

        Assert.Equal(Pow(3, length), sequences);
    }

    /// <summary>
    /// Real threads: two remote CPUs push while the owner enqueues locally and dequeues. Every task
    /// comes out exactly once, and each producer's tasks come out in the order it queued them.
    /// </summary>
    [Fact]
    public void ConcurrentRemotePushesAndOwnerTraffic_LoseNothingAndKeepEachProducersOrder()
    {
        const int perProducer = 20_000;
        var rq = new RunQueue();
        TaskStruct[][] produced = [Tasks(perProducer, homeCpu: 1), Tasks(perProducer, homeCpu: 2), Tasks(perProducer, homeCpu: 0)];
        var start = new Barrier(3);
        Thread[] pushers =
        [
            .. Enumerable.Range(0, 2).Select(p => new Thread(() =>
            {
                start.SignalAndWait();
                foreach (TaskStruct t in produced[p])
                {
                    rq.Enqueue(t);
                }
            })),
        ];
        foreach (Thread thread in pushers)
        {
            thread.Start();
        }

        // The owner: a local enqueue, then a dequeue, until its own tasks are all queued; then drain.
        var taken = new List<TaskStruct>();
        start.SignalAndWait();
        foreach (TaskStruct t in produced[2])
        {
            rq.EnqueueLocal(t);
            if (rq.TryDequeue(out TaskStruct? got))
            {
                taken.Add(got);
            }
        }

        foreach (Thread thread in pushers)
        {
            thread.Join();
        }

        taken.AddRange(Drain(rq));
        Assert.True(rq.IsEmpty);
        Assert.Equal(3 * perProducer, taken.Count);
        for (int p = 0; p < 3; p++)
        {
            Assert.Equal(produced[p], taken.Where(t => t.HomeCpu == produced[p][0].HomeCpu));
        }
    }

    /// <summary>
    /// CPU hotplug: the owner queued tasks locally and remote CPUs pushed some, then the owner stopped
    /// (a handshake orders its last queue operation before the next step); another CPU drains the
    /// queue with the owner's calls and gets everything in FIFO order, and the owner finds it empty.
    /// </summary>
    [Fact]
    public void AnotherCpuDrains_WhileTheOwnerIsStopped()
    {
        var rq = new RunQueue();
        TaskStruct[] tasks = Tasks(30);
        var stopped = new ManualResetEventSlim();
        var drained = new ManualResetEventSlim();
        bool emptyAfter = false;
        TaskStruct? first = null;
        var owner = new Thread(() =>
        {
            for (int i = 0; i < 30; i++)
            {
                if (i % 3 == 0)
                {
                    rq.Enqueue(tasks[i]);
                }
                else
                {
                    rq.EnqueueLocal(tasks[i]);
                }
            }

            rq.TryDequeue(out first);
            stopped.Set();
            drained.Wait();
            emptyAfter = rq.IsEmpty && !rq.TryDequeue(out _);
        });
        owner.Start();
        stopped.Wait();
        TaskStruct[] migrated = [.. Drain(rq)];
        drained.Set();
        owner.Join();

        Assert.Same(tasks[0], first);
        Assert.Equal(tasks.Skip(1), migrated);
        Assert.True(emptyAfter);
    }

    private static TaskStruct[] Tasks(int n, int homeCpu = 0) =>
        [.. Enumerable.Range(1, n).Select(pid => new TaskStruct(TaskKind.User, pid, homeCpu, MmPtr.Null, 0))];

    private static List<TaskStruct> Drain(RunQueue rq)
    {
        var list = new List<TaskStruct>();
        while (rq.TryDequeue(out TaskStruct? t))
        {
            list.Add(t);
        }

        return list;
    }

    private static int Pow(int b, int e) => e == 0 ? 1 : b * Pow(b, e - 1);
}
