using HazardMm.Benchmarks;

namespace HazardMm.BenchmarkTests;

/// <summary>
/// The <c>--thread-cpu-clock</c> clock counts this thread's CPU time: it advances while the thread
/// works, and a sleeping thread spends (almost) none: the bound below is half the sleep, which no
/// load on the host can reach, since a sleeping thread runs no code.
/// </summary>
public sealed class ThreadCpuClockTests
{
    [Fact]
    public void TheClock_AdvancesWithWork_AndStandsStillInSleep()
    {
        if (!ThreadCpuClock.Instance.IsAvailable)
        {
            return; // CLOCK_THREAD_CPUTIME_ID is Linux's; the CI host is Linux
        }

        ThreadCpuClock clock = ThreadCpuClock.Instance;
        long start = clock.GetTimestamp();
        long sum = 0;
        while (clock.GetTimestamp() == start)
        {
            sum += Environment.TickCount64 & 1;
        }

        Assert.True(clock.GetTimestamp() > start);

        // A sleep of 200 ms costs the thread almost no CPU: far less than the 200 ms a wall clock sees.
        long beforeSleep = clock.GetTimestamp();
        Thread.Sleep(200);
        long slept = clock.GetTimestamp() - beforeSleep;
        Assert.True(slept < 100_000_000, $"the thread's CPU clock advanced {slept} ns during a 200 ms sleep");
        GC.KeepAlive(sum);
    }
}
