using HazardMm.Cli;
using HazardMm.Torture;
using static HazardMm.Tests.Cli.CliRun;

namespace HazardMm.Tests.Cli;

/// <summary>The reproduce line of a failed torture case (design.md#torture): the CLI reads it back into the same case, and it fails again.</summary>
public sealed class TortureReproduceTests
{
    [Fact]
    public void TheReproduceCommand_ParsesBackIntoTheSameCase_EveryFaultAndSettingIncluded()
    {
        TortureOptions run = TortureParse.Options(
            ["--configs", "busted:arm64 2*hazard", "--arch", "x86,powerpc", "--overcommit", "3", "--duration", "1234ms", "--seed", "-77", "--no-pin",
             "--ipi-cost", "1800ns", "--vcpu-preempt", "0.001:50us", "--ipi-delay", "20us", "--stutter", "1500ms", "--mmput-async", "0.125",
             "--hotplug", "15ms", "--stall-timeout", "7s", "--no-flight-recorder"],
            hostCores: 2);
        Assert.Equal(5, run.Cases().Count);
        foreach (TortureCase c in run.Cases())
        {
            Assert.StartsWith($"{TortureReproduce.Tag} hazardmm torture --scheme {c.Scheme} --arch {c.Arch.Name} --cpus 6 ", TortureReproduce.Line(run, c), StringComparison.Ordinal);

            // On another host: --overcommit is given as the CPU count it resolved to here.
            TortureOptions again = TortureParse.Options([.. TortureReproduce.Arguments(run, c)], hostCores: 5);
            Assert.Equal(c with { Overcommit = 0 }, Assert.Single(again.Cases()));
            Assert.False(again.Pin);
        }
    }

    [Fact]
    public void TheDefaults_AreNotRepeated_AndStillParseBack()
    {
        TortureOptions run = TortureParse.Options(["--scheme", "linus", "--duration", "2m", "--seed", "5", "--ipi-cost", "0"]);
        TortureCase c = Assert.Single(run.Cases());
        Assert.Equal("hazardmm-torture: reproduce: hazardmm torture --scheme linus --arch x86 --cpus 4 --duration 120s --seed 5 --ipi-cost 0", TortureReproduce.Line(run, c));
        Assert.Equal(c, Assert.Single(TortureParse.Options([.. TortureReproduce.Arguments(run, c)]).Cases()));
    }

    [Fact]
    public void BustedUnderEveryFault_PrintsAReproduceLine_ThatFailsAgain()
    {
        (int code, string output, _) = Run(["torture", "--scheme", "busted", "--arch", "x86-pv", "--duration", "10s", "--seed", "21", "--ipi-cost", "0",
            "--vcpu-preempt", "0.01:20us", "--ipi-delay", "50us", "--stutter", "300ms", "--mmput-async", "0.5"]);
        Assert.Equal(1, code);
        string[] lines = Lines(output);
        string line = Assert.Single(lines, l => l.StartsWith(TortureReproduce.Tag, StringComparison.Ordinal));
        string[] command = line[(TortureReproduce.Tag.Length + 1)..].Split(' ');
        Assert.Equal(["hazardmm", "torture"], command[..2]);

        (int again, string output2, _) = Run(command[1..]);

        Assert.Equal(1, again);
        const string Verdict = "FAILURE busted arch=x86-pv cpus=4 faults=vcpu-preempt=0.01:20us,ipi-delay=50us,stutter=300ms,mmput-async=0.5 seed=21: ";
        Assert.StartsWith(Verdict, lines[^2], StringComparison.Ordinal);
        Assert.StartsWith(Verdict, Lines(output2)[^2], StringComparison.Ordinal);
        Assert.Contains(Lines(output2), l => l.StartsWith("hazardmm-torture: !!! [busted/x86-pv] at ", StringComparison.Ordinal));
    }
}
