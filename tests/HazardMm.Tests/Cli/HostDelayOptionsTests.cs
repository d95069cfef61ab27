using HazardMm.Cli;
using static HazardMm.Tests.Cli.CliRun;

namespace HazardMm.Tests.Cli;

/// <summary>torture's <c>--ipi-cost</c> and <c>--vcpu-preempt</c> (design.md#ipi-cost, design.md#vcpu-preemption).</summary>
public sealed class HostDelayOptionsTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("1800ns", 1_800)]
    [InlineData("2us", 2_000)]
    [InlineData("2.5µs", 2_500)]
    [InlineData("1ms", 1_000_000)]
    public void IpiCost_IsReadInEveryUnit_AndPrintedInTheHeader(string text, long nanoseconds)
    {
        TortureOptions o = Parse(["--ipi-cost", text]);
        Assert.Equal(TimeSpan.FromTicks(nanoseconds / 100), o.IpiCost.Cost);
        Assert.Contains("ipi-cost=", o.Describe(), StringComparison.Ordinal);
        Assert.Contains(nanoseconds == 0 ? "cost model is off" : "given with --ipi-cost", o.IpiCost.Source, StringComparison.Ordinal);
        Assert.Equal(o.IpiCost.Cost, o.CaseFor("hazard", o.Arches[0]).IpiCost);
    }

    [Fact]
    public void IpiCost_ByDefault_IsMeasuredHere_AndSaysHow()
    {
        TortureOptions o = Parse([]);
        Assert.True(o.IpiCost.Cost > TimeSpan.Zero);
        Assert.Contains("measured at start", o.IpiCost.Source, StringComparison.Ordinal);
        Assert.Null(o.VcpuPreemption);
    }

    [Fact]
    public void VcpuPreempt_IsRead_AndSeededWithTheRunSeed()
    {
        TortureOptions o = Parse(["--vcpu-preempt", "0.001:50us", "--seed", "77", "--ipi-cost", "0"]);
        Assert.Equal(0.001, o.VcpuPreemption!.Probability);
        Assert.Equal(TimeSpan.FromMicroseconds(50), o.VcpuPreemption.Duration);
        Assert.Contains("vcpu-preempt=p=0.001 for 50us", o.Describe(), StringComparison.Ordinal);
        Assert.Equal(77, o.CaseFor("hazard", o.Arches[0]).VcpuPreemption!.Seed);
    }

    [Theory]
    [InlineData("--ipi-cost", "5", "is not a duration; use a number with ns, us (µs) or ms, or 0")]
    [InlineData("--ipi-cost", "-2us", "is not a duration")]
    [InlineData("--ipi-cost", "40ns", "below 100ns")]
    [InlineData("--ipi-cost", "2s", "is not a duration")]
    [InlineData("--vcpu-preempt", "0.5", "is not P:DURATION")]
    [InlineData("--vcpu-preempt", "2:1us", "is not P:DURATION")]
    [InlineData("--vcpu-preempt", "0.1:0", "the duration must be positive")]
    [InlineData("--vcpu-preempt", "0.1:soon", "is not a duration")]
    public void BadInput_IsOneLine_ExitTwo(string option, string value, string expected)
    {
        string line = AssertUsageError(Run(["torture", option, value]));
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    private static TortureOptions Parse(string[] args)
    {
        var session = new CliSession(TextWriter.Null, TextWriter.Null, Live: false, 2, () => 0, CancellationToken.None);
        var root = HazardMmCli.Build(session);
        System.CommandLine.ParseResult result = root.Parse(["torture", .. args]);
        Assert.Empty(result.Errors);
        return root.Subcommands.OfType<TortureCommand>().Single().Read(result);
    }
}
