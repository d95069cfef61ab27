using HazardMm.Arch;
using HazardMm.Cpus;
using HazardMm.Schemes;
using HazardMm.Systematic.Memory;

namespace HazardMm.SystematicTests;

/// <summary>Under a systematic model time is steps: the IPI cost and vCPU preemption are ignored (design.md#ipi-cost).</summary>
public sealed class HostDelaysIgnoredTests
{
    [Fact]
    public void ACoyoteKernel_PaysNoIpiCost_AndIsNeverPreempted()
    {
        var options = new KernelOptions { IpiCost = TimeSpan.FromMilliseconds(1), VcpuPreemption = new VcpuPreemption(1, TimeSpan.FromSeconds(1)) };
        using var sc = new Kernel<CoyoteScMemory>(2, 8, ArchModel.X86, HazardScheme.Descriptor, options);
        using var tso = new Kernel<CoyoteTsoMemory>(2, 8, ArchModel.X86, HazardScheme.Descriptor, options);
        using var hardware = new Kernel<Memory.HardwareMemory>(2, 8, ArchModel.X86, HazardScheme.Descriptor, options);

        Assert.Same(HostDelays.None, sc.Delays);
        Assert.Same(HostDelays.None, tso.Delays);
        Assert.Same(HostDelays.None, sc.Ipi.Delays);
        Assert.Equal(TimeSpan.FromMilliseconds(1), hardware.Delays.IpiCost);
        Assert.NotNull(hardware.Delays.Preemption);
    }

    [Fact]
    public void ACoyoteKernel_HasNoFlightRecorder_SoRecordingAddsNoSchedulingPoint()
    {
        // design.md#flight-recorder: every recording site is `Recorder?.Record(...)`; null here.
        var options = new KernelOptions { FlightRecorderEvents = FlightRecorder.DefaultEventsPerCpu };
        using var sc = new Kernel<CoyoteScMemory>(2, 8, ArchModel.X86, HazardScheme.Descriptor, options);
        using var weak = new Kernel<CoyoteWeakMemory>(2, 8, ArchModel.X86, HazardScheme.Descriptor, options);
        using var hardware = new Kernel<Memory.HardwareMemory>(2, 8, ArchModel.X86, HazardScheme.Descriptor, options);

        Assert.Null(sc.Recorder);
        Assert.Null(sc.Ipi.Recorder);
        Assert.Null(weak.Recorder);
        Assert.NotNull(hardware.Recorder);
        Assert.Same(hardware.Recorder, hardware.Ipi.Recorder);
    }
}
