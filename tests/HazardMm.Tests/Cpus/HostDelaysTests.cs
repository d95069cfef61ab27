using HazardMm.Cpus;
using HazardMm.Ipi;
using HazardMm.Memory;
using HazardMm.Mm;

namespace HazardMm.Tests.Cpus;

/// <summary>
/// The IPI cost model (design.md#ipi-cost) and descheduled vCPUs (design.md#vcpu-preemption): what is
/// asserted is that the cost was paid and the stops happened, from the counters; never how long anything took.
/// </summary>
public sealed class HostDelaysTests
{
    [Fact]
    public void IpiCost_IsPaidBySenderAndTarget_AndNotAtAllWhenZero()
    {
        (CpuStats sender, CpuStats target) = ShootOnce(new HostDelays(TimeSpan.FromMicroseconds(20), null, 2, new RunControl()), requests: 50);
        Assert.True(sender.IpiCostTicks > 0);
        Assert.True(target.IpiCostTicks > 0);

        (sender, target) = ShootOnce(new HostDelays(TimeSpan.Zero, null, 2, new RunControl()), requests: 50);
        Assert.Equal(0, sender.IpiCostTicks);
        Assert.Equal(0, target.IpiCostTicks);
    }

    [Fact]
    public void IpiCost_IsOneRoundTrip_HalfDeliveredByTheSender_HalfTakenByTheTarget()
    {
        // An odd number of stopwatch ticks: the halves must still add up to the whole.
        TimeSpan cost = HostDelays.FromStopwatchTicks(HostDelays.ToStopwatchTicks(TimeSpan.FromMicroseconds(20)) | 1);
        var delays = new HostDelays(cost, null, 2, new RunControl());
        long send = HostDelays.ToStopwatchTicks(delays.IpiSendCost);
        long take = HostDelays.ToStopwatchTicks(delays.IpiTakeCost);
        Assert.Equal(HostDelays.ToStopwatchTicks(cost), send + take);
        Assert.InRange(take - send, 0, 1);

        // Each side spins at least its half per IPI (a spin never ends early; how much longer it
        // takes on a loaded host is not asserted).
        const int Requests = 50;
        (CpuStats sender, CpuStats target) = ShootOnce(delays, Requests);
        Assert.True(sender.IpiCostTicks >= Requests * send, $"sender paid {sender.IpiCostTicks} ticks for {Requests} sends of {send}");
        Assert.True(target.IpiCostTicks >= Requests * take, $"target paid {target.IpiCostTicks} ticks for {Requests} takes of {take}");
    }

    [Fact]
    public void Preemption_StopsAtTheDrawnRate_AndTheSameSeedDrawsTheSamePoints()
    {
        const int Points = 20_000;
        long first = Preemptions(new VcpuPreemption(0.1, TimeSpan.Zero, seed: 5), Points);
        long again = Preemptions(new VcpuPreemption(0.1, TimeSpan.Zero, seed: 5), Points);
        long other = Preemptions(new VcpuPreemption(0.1, TimeSpan.Zero, seed: 6), Points);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);

        // Binomial(20000, 0.1): mean 2000, sd 42; the bounds are more than 7 sd away.
        Assert.InRange(first, 1_700, 2_300);
        Assert.Equal(0, Preemptions(null, Points));
    }

    [Fact]
    public void Preemption_WithIrqsOff_IsCountedAsSuch()
    {
        var delays = new HostDelays(TimeSpan.Zero, new VcpuPreemption(1, TimeSpan.FromTicks(1)), 1, new RunControl());
        var cpu = new Cpu(0) { IrqsDisabled = true };
        delays.PreemptionPoint(cpu);
        cpu.IrqsDisabled = false;
        delays.PreemptionPoint(cpu);
        Assert.Equal(2, cpu.Stats.Preemptions);
        Assert.Equal(1, cpu.Stats.PreemptionsIrqsOff);
        Assert.True(cpu.Stats.PreemptedTicks > 0);
    }

    [Fact]
    public void OnlyTheChosenCpus_AreEverDescheduled()
    {
        var delays = new HostDelays(TimeSpan.Zero, new VcpuPreemption(1, TimeSpan.Zero) { OnlyCpus = new HashSet<int> { 1 } }, 3, new RunControl());
        Cpu[] cpus = [new Cpu(0), new Cpu(1), new Cpu(2)];
        foreach (Cpu cpu in cpus)
        {
            delays.PreemptionPoint(cpu);
        }

        Assert.Equal([0L, 1L, 0L], cpus.Select(c => c.Stats.Preemptions));
        Assert.EndsWith("on CPUs 1", delays.Preemption!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void AProbabilityOutsideZeroToOne_IsRefused(double probability) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new VcpuPreemption(probability, TimeSpan.FromMicroseconds(1)));

    [Fact]
    public void TheMailboxRoundTrip_IsMeasured()
    {
        Assert.True(MailboxRoundTrip.Measure(samples: 51) > TimeSpan.Zero);
    }

    [Fact]
    public void TheRealIpi_IsMeasuredWhereMembarrierIsOffered()
    {
        TimeSpan? real = RealIpi.RoundTrip(samples: 21, minimumSamples: 1);
        if (RealIpi.SyscallNumber is null || ThreadAffinity.AllowedCores().Length < 2)
        {
            Assert.Null(real);
        }
        else if (real is TimeSpan measured)
        {
            // A partner seen running is not guaranteed on a loaded host: null is then allowed, a
            // non-positive time never is.
            Assert.True(measured > TimeSpan.Zero);
        }
    }

    private static long Preemptions(VcpuPreemption? preemption, int points)
    {
        var delays = new HostDelays(TimeSpan.Zero, preemption, 1, new RunControl());
        var cpu = new Cpu(0);
        for (int i = 0; i < points; i++)
        {
            delays.PreemptionPoint(cpu);
        }

        return cpu.Stats.Preemptions;
    }

    /// <summary>CPU 0 posts <paramref name="requests"/> IPIs to CPU 1, one at a time, and waits for each.</summary>
    private static (CpuStats Sender, CpuStats Target) ShootOnce(HostDelays delays, int requests)
    {
        using var arena = new Arena(PerCpuArea.LinesFor(2));
        Cpu[] cpus = [new Cpu(0), new Cpu(1)];
        var control = new RunControl();
        var mailbox = new IpiMailbox<HardwareMemory>(new PerCpuArea(arena, 0, 2), cpus, control, (_, _, _) => { }) { Delays = delays };
        int done = 0;
        var target = new Thread(() =>
        {
            while (Volatile.Read(ref done) == 0)
            {
                mailbox.PollIpis(cpus[1]);
                mailbox.Relax();
            }
        })
        { IsBackground = true };
        target.Start();
        for (int i = 0; i < requests; i++)
        {
            mailbox.Post(cpus[0], 1, IpiFunction.CheckLazyTlb, MmPtr.InitMm);
            mailbox.Wait(cpus[0]);
        }

        Volatile.Write(ref done, 1);
        Assert.True(target.Join(TimeSpan.FromSeconds(30)));
        Assert.Equal(requests, cpus[0].Stats.IpisSent);
        return (cpus[0].Stats, cpus[1].Stats);
    }
}
