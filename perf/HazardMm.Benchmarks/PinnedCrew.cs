using System.Runtime.ExceptionServices;
using HazardMm.Cpus;

namespace HazardMm.Benchmarks;

/// <summary>
/// BenchmarkDotNet has no multi-threaded mode, so a benchmark that needs N CPUs at once keeps N - 1
/// helper threads, each pinned to its own host core, and pins the main thread to the first. Each
/// invocation (<see cref="Run"/>) meets the helpers at a <see cref="SpinBarrier"/> (all check in, then
/// all start together, so no CPU runs its share alone while another is still waking), does CPU 0's
/// share on the main thread, and returns once every helper has done its share. Nothing is allocated
/// per invocation.
/// </summary>
public sealed class PinnedCrew : IDisposable
{
    private readonly Action<int> _work;
    private readonly Thread[] _helpers;
    private readonly int[] _mainCores;
    private readonly SpinBarrier _barrier;
    private long _done;
    private volatile bool _stopping;
    private ExceptionDispatchInfo? _failure;

    /// <param name="size">CPUs, the main thread included; at most one per allowed host core.</param>
    /// <param name="work">One CPU's share of an invocation, given the CPU's index.</param>
    public PinnedCrew(int size, Action<int> work)
    {
        int[] cores = ThreadAffinity.AllowedCores();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, cores.Length);
        _work = work;
        _barrier = new SpinBarrier(size - 1);
        _mainCores = MainThreadAffinity.Pin(cores[0]);
        _helpers = new Thread[size - 1];
        for (int i = 0; i < _helpers.Length; i++)
        {
            int cpu = i + 1;
            int core = cores[cpu];
            _helpers[i] = new Thread(() => HelperLoop(cpu, core)) { IsBackground = true, Name = $"crew cpu{cpu}" };
            _helpers[i].Start();
        }
    }

    /// <summary>Every CPU does its share once, in parallel; returns when all are done.</summary>
    public void Run()
    {
        Volatile.Write(ref _done, 0);
        _barrier.Release(_barrier.Open());
        _work(0);
        while (Volatile.Read(ref _done) < _helpers.Length)
        {
            Thread.SpinWait(1);
        }

        _failure?.Throw();
    }

    /// <summary>Stops the helpers and gives the main thread back the cores it had.</summary>
    public void Dispose()
    {
        _stopping = true;
        _barrier.Open();
        foreach (Thread helper in _helpers)
        {
            helper.Join();
        }

        MainThreadAffinity.Restore(_mainCores);
    }

    private void HelperLoop(int cpu, int core)
    {
        ThreadAffinity.PinCurrentThread(core);
        long seen = 0;
        while (true)
        {
            var spin = default(SpinWait);
            while (_barrier.Round == seen)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }

            seen = _barrier.Round;
            if (_stopping)
            {
                return;
            }

            _barrier.Arrive(seen);
            try
            {
                _work(cpu);
            }
            catch (Exception e)
            {
                _failure ??= ExceptionDispatchInfo.Capture(e);
            }

            Interlocked.Increment(ref _done);
        }
    }
}
