using HazardMm.Cpus;
using HazardMm.Mm;
using HazardMm.Oracle;
using HazardMm.Torture;

namespace HazardMm.Tests.Cpus;

/// <summary>The per-CPU flight recorder (design.md#flight-recorder): rings that keep each CPU's last events, and the failure report read from them.</summary>
public sealed class FlightRecorderTests
{
    [Fact]
    public void EachCpusRing_KeepsItsOwnLastEvents_OldestFirst_AfterWrappingRound()
    {
        var recorder = new FlightRecorder(3, 8);
        for (int i = 0; i < 20; i++)
        {
            recorder.Record(1, FlightEventKind.Switch, i, i + 1, MmPtr.FromIndex(i), i);
        }

        recorder.Record(2, FlightEventKind.MmPut, 0, 0, MmPtr.FromIndex(7), 3);

        Assert.Equal(20, recorder.Recorded(1));
        Assert.Equal([12, 13, 14, 15, 16, 17, 18, 19], recorder.Last(1, 100).Select(e => e.Prev));
        Assert.Equal([17, 18, 19], recorder.Last(1, 3).Select(e => e.Prev));
        Assert.Equal([14, 15], recorder.Last(1, 2, end: 16).Select(e => e.Prev));
        Assert.Empty(recorder.Last(0, 8));
        FlightEvent other = Assert.Single(recorder.Last(2, 8));
        Assert.Equal((FlightEventKind.MmPut, MmPtr.FromIndex(7), 3L), (other.Kind, other.Mm, other.Generation));
    }

    [Fact]
    public void TheFreeOfALifetime_IsFound_OnTheCpuThatFreedIt_WhileItsRingStillHoldsIt()
    {
        var recorder = new FlightRecorder(2, 4);
        recorder.Record(0, FlightEventKind.Free, 0, 0, MmPtr.FromIndex(3), 1);
        recorder.Record(1, FlightEventKind.Free, 0, 0, MmPtr.FromIndex(3), 2);
        recorder.Record(1, FlightEventKind.Switch, 4, 5, MmPtr.FromIndex(6), 0);

        Assert.Equal((1, 0L), recorder.FindFree(MmPtr.FromIndex(3), 2));
        Assert.Equal((0, 0L), recorder.FindFree(MmPtr.FromIndex(3), 1));
        Assert.Null(recorder.FindFree(MmPtr.FromIndex(3), 5));

        // Overwritten: four more events on CPU 0 push its free out of the ring.
        for (int i = 0; i < 4; i++)
        {
            recorder.Record(0, FlightEventKind.Switch, 1, 2, MmPtr.FromIndex(4), 0);
        }

        Assert.Null(recorder.FindFree(MmPtr.FromIndex(3), 1));
    }

    [Fact]
    public void TheDump_ShowsTheFailingCpusLastEvents_AndTheFreeingCpuUpToTheFree()
    {
        var recorder = new FlightRecorder(2, 64);
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        recorder.Record(0, FlightEventKind.MmPut, 0, 0, MmPtr.FromIndex(3), 2);
        recorder.Record(0, FlightEventKind.Free, 0, 0, MmPtr.FromIndex(3), 2);
        recorder.Record(0, FlightEventKind.IpiSend, 1, (int)HazardMm.Ipi.IpiFunction.ShootLazyTlb, MmPtr.FromIndex(5), FlightEvent.NoGeneration);
        recorder.Record(1, FlightEventKind.EnterLazy, 7, FlightEvent.Idle, MmPtr.FromIndex(3), 2);
        recorder.Record(1, FlightEventKind.LeaveLazy, FlightEvent.Idle, 8, MmPtr.FromIndex(4), 0);
        recorder.Record(1, FlightEventKind.LazyDrop, 0, 0, MmPtr.FromIndex(3), FlightEvent.NoGeneration);
        var violation = new InvariantViolation(ViolationKind.UseAfterFree, 1, MmPtr.FromIndex(3), 2, "a use after the free");

        string[] lines = [.. FlightDump.Of(recorder, violation, started, "hazard/x86")];

        string tag = "hazardmm-torture: flight [hazard/x86]:";
        Assert.Equal($"{tag} CPU 1 (saw the violation), last events of 3:", lines[0]);
        Assert.EndsWith("CPU 1: switch task 7 -> swapper/1 [enter lazy] lazy grab mm#3 gen 2", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("CPU 1: switch swapper/1 -> task 8 [leave lazy] mm#4 gen 0", lines[2], StringComparison.Ordinal);
        Assert.EndsWith("CPU 1: finish_task_switch: lazy drop mm#3", lines[3], StringComparison.Ordinal);
        Assert.Equal($"{tag} CPU 0 freed mm#3 gen 2, its events up to the free (1 after it):", lines[4]);
        Assert.EndsWith("CPU 0: __mmput mm#3 gen 2", lines[5], StringComparison.Ordinal);
        Assert.EndsWith("CPU 0: __mmdrop: free mm#3 gen 2", lines[6], StringComparison.Ordinal);
        Assert.Equal(7, lines.Length);
        Assert.All(lines.Where((_, i) => i is not (0 or 4)), l => Assert.Matches(@"^hazardmm-torture: flight \[hazard/x86\]:  [ ~]\+\d\.\d{6}s CPU \d: ", l));

        // The free carries its own clock read: it is never shown as approximate ("~").
        Assert.Matches(@"\]:   \+\d\.\d{6}s CPU 0: __mmdrop", lines[6]);
    }
}
