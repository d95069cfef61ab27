using HazardMm.Benchmarks;

namespace HazardMm.BenchmarkTests;

/// <summary>
/// The benchmarks' spin barrier: nobody passes a round before every follower checked in. One follower
/// of each round dawdles before checking in, so a barrier that let anyone through early would be seen
/// letting them through with fewer check-ins; what is asserted is the count seen, never a time.
/// </summary>
public sealed class SpinBarrierTests
{
    private const int Followers = 3;
    private const int Rounds = 4;

    [Fact]
    public void NoOnePasses_BeforeEveryFollowerCheckedIn_RoundAfterRound()
    {
        var barrier = new SpinBarrier(Followers);
        var seenByFollowers = new long[Followers, Rounds];
        var seenByLeader = new long[Rounds];
        var threads = new Thread[Followers];
        for (int f = 0; f < Followers; f++)
        {
            int follower = f;
            threads[f] = new Thread(() =>
            {
                long seen = 0;
                for (int r = 0; r < Rounds; r++)
                {
                    while (barrier.Round == seen)
                    {
                        Thread.SpinWait(1);
                    }

                    seen = barrier.Round;
                    if (r % Followers == follower)
                    {
                        Thread.Sleep(50); // this round's straggler
                    }

                    barrier.Arrive(seen);
                    seenByFollowers[follower, r] = barrier.Arrived;
                }
            })
            { IsBackground = true };
            threads[f].Start();
        }

        for (int r = 0; r < Rounds; r++)
        {
            barrier.Release(barrier.Open());
            seenByLeader[r] = barrier.Arrived;

            // The next round opens only once every follower is past this one (as PinnedCrew waits for
            // its helpers' work to end before the next invocation).
            SpinWait.SpinUntil(() => Enumerable.Range(0, Followers).All(f => Volatile.Read(ref seenByFollowers[f, r]) != 0), TimeSpan.FromSeconds(30));
        }

        foreach (Thread thread in threads)
        {
            Assert.True(thread.Join(TimeSpan.FromSeconds(30)));
        }

        Assert.All(seenByLeader, seen => Assert.Equal(Followers, seen));
        Assert.All(seenByFollowers.Cast<long>(), seen => Assert.Equal(Followers, seen));
    }
}
